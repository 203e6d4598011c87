-- A person's task completion goes on the timeline with the form's fields they submitted (a platform
-- response may have 4,000 characters): the entry, and its text without quotes (V6), get room for it.
alter table case_timeline alter column what set data type varchar(8000);
alter table case_timeline alter column what_redacted set data type varchar(8000);
