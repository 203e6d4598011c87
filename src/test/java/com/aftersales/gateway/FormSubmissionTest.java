package com.aftersales.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.config.ApiProblem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The form rules for the field types no diagram of bpmn/ uses yet but a process owner may deploy
 * (deployments/FormCheck allows them): checklist, taglist, date and time. The field types of the app's
 * forms are proved over HTTP in TaskCompletionGuardTest.
 */
class FormSubmissionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = """
            {"id": "Everything", "components": [
              {"type": "checklist", "key": "damagedParts", "validate": {"required": true},
               "values": [{"label": "Box", "value": "BOX"}, {"label": "Item", "value": "ITEM"}]},
              {"type": "taglist", "key": "tags", "values": [{"label": "Urgent", "value": "URGENT"}]},
              {"type": "datetime", "key": "pickupDay", "subtype": "date"},
              {"type": "datetime", "key": "pickupTime", "subtype": "time"},
              {"type": "select", "key": "fromVariable", "valuesKey": "options"},
              {"type": "group", "path": "parcel", "components": [{"type": "textfield", "key": "weight"}]}
            ]}""";

    private List<FieldError> errors(String variables) throws Exception {
        FormSubmission submission = new FormSubmission(TaskForm.parse(JSON.readTree(FORM)), Map.of(), "EUR", null);
        JsonNode sent = JSON.readTree(variables);
        return submission.check(sent, FormSubmission.Mode.COMPLETION).errors();
    }

    @Test
    void checklistsAndTaglistsTakeListsOfTheirOptions_datesAndTimesIsoText() throws Exception {
        assertThat(errors("""
                {"damagedParts": {"value": ["BOX", "ITEM"]}, "tags": {"value": "[\\"URGENT\\"]", "type": "Json"},
                 "pickupDay": {"value": "2026-12-02"}, "pickupTime": {"value": "14:30"}}""")).isEmpty();

        assertThat(errors("{\"damagedParts\": {\"value\": [\"BOX\", \"ENGINE\"]}}"))
                .containsExactly(new FieldError("damagedParts", "must hold only [\"BOX\", \"ITEM\"]"));
        assertThat(errors("{\"damagedParts\": {\"value\": \"BOX\"}}"))
                .extracting(FieldError::field)
                .containsExactly("damagedParts");
        assertThat(errors("{\"damagedParts\": {\"value\": []}}"))
                .containsExactly(new FieldError("damagedParts", "is required"));
        assertThat(errors("{}")).containsExactly(new FieldError("damagedParts", "is required"));
        assertThat(errors("{\"damagedParts\": {\"value\": [\"BOX\"]}, \"pickupDay\": {\"value\": \"next week\"}}"))
                .containsExactly(new FieldError("pickupDay", "must be a date in ISO form, e.g. 2026-12-02"));
        assertThat(errors("{\"damagedParts\": {\"value\": [\"BOX\"]}, \"pickupTime\": {\"value\": \"2026-12-02\"}}"))
                .extracting(FieldError::field)
                .containsExactly("pickupTime");
    }

    @Test
    void fieldsTheAppCannotCheck_optionsFromAVariableOrNestedData_takeNoValue() throws Exception {
        assertThat(errors("{\"damagedParts\": {\"value\": [\"BOX\"]}, \"fromVariable\": {\"value\": \"anything\"}}"))
                .containsExactly(
                        new FieldError("fromVariable", "is a select field the app cannot check, so it takes no value"));
        assertThat(errors("{\"damagedParts\": {\"value\": [\"BOX\"]}, \"weight\": {\"value\": \"2 kg\"}}"))
                .containsExactly(
                        new FieldError("weight", "is a textfield field the app cannot check, so it takes no value"));
    }
}
