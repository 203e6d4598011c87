-- API tokens of the systems that call /api (shop, marketplaces, carriers, warehouse), created by an
-- admin (config/ApiTokens). Only the SHA-256 of a token is kept: the token itself is shown once, when
-- it is created. A revoked token keeps its row (who revoked it, when); it no longer authenticates.
create table api_token (
    id           varchar(36)  primary key,
    name         varchar(50)  not null,
    token_hash   varchar(64)  not null unique,
    scopes       varchar(200) not null,
    created_by   varchar(64)  not null,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    revoked_by   varchar(64),
    revoked_at   timestamp with time zone
);
