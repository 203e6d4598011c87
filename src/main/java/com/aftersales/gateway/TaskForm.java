package com.aftersales.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fields a task's Camunda Form ({@code bpmn/forms/*.form}) declares: all a person may submit when
 * completing the task. Read from the form's JSON as Camunda Modeler writes it (form-js schema).
 *
 * @param formId the form's id, {@code null} when the task has no Camunda Form (then no field is declared)
 */
record TaskForm(String formId, List<Field> fields) {

    /** The field types the completion check knows; a keyed field of another type takes no value. */
    static final Set<String> CHECKED_TYPES = Set.of(
            "textfield", "textarea", "number", "radio", "select", "checkbox", "checklist", "taglist", "datetime");

    /**
     * One input of the form.
     *
     * @param min, max, minLength, maxLength a number, or a FEEL expression ({@code "=orderValue - 0.01"}); {@code null} when not set
     * @param readonly {@code true}, {@code false} or a FEEL expression
     * @param hideIf the FEEL expression of {@code conditional.hide} (without its {@code =}), {@code null} when always shown
     * @param values the declared options of a radio, select, checklist or taglist; empty for other types
     * @param subtype of a datetime field: {@code date}, {@code time} or {@code datetime}
     */
    record Field(
            String key,
            String type,
            boolean required,
            JsonNode min,
            JsonNode max,
            JsonNode minLength,
            JsonNode maxLength,
            String pattern,
            Integer decimalDigits,
            List<JsonNode> values,
            JsonNode readonly,
            boolean disabled,
            String hideIf,
            boolean nested,
            String subtype) {

        /** Options from a variable ({@code valuesKey}, {@code valuesExpression}) and nested data are not checked: such a field takes no value. */
        boolean checked() {
            return CHECKED_TYPES.contains(type) && !nested && (!(isChoice() || isMultiple()) || !values.isEmpty());
        }

        boolean isChoice() {
            return "radio".equals(type) || "select".equals(type);
        }

        /** A checklist or taglist: a list of the declared options. */
        boolean isMultiple() {
            return "checklist".equals(type) || "taglist".equals(type);
        }

        boolean isText() {
            return "textfield".equals(type) || "textarea".equals(type);
        }
    }

    static TaskForm none() {
        return new TaskForm(null, List.of());
    }

    static TaskForm parse(JsonNode form) {
        List<Field> fields = new ArrayList<>();
        collect(form.path("components"), false, fields);
        return new TaskForm(form.path("id").asText(null), List.copyOf(fields));
    }

    Field field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
    }

    /** Groups without a {@code path} keep their fields' keys; fields under a path (nested data) are not taken. */
    private static void collect(JsonNode components, boolean underPath, List<Field> fields) {
        for (JsonNode component : components) {
            boolean nested = underPath || component.hasNonNull("path");
            if (component.has("components")) collect(component.get("components"), nested, fields);
            if (!component.hasNonNull("key")) continue;
            JsonNode validate = component.path("validate");
            List<JsonNode> values = new ArrayList<>();
            component.path("values").forEach(option -> values.add(option.path("value")));
            String hide = component.path("conditional").path("hide").asText(null);
            fields.add(new Field(
                    component.get("key").asText(),
                    component.path("type").asText(),
                    validate.path("required").asBoolean(false),
                    orNull(validate.get("min")),
                    orNull(validate.get("max")),
                    orNull(validate.get("minLength")),
                    orNull(validate.get("maxLength")),
                    validate.path("pattern").asText(null),
                    component.hasNonNull("decimalDigits")
                            ? component.get("decimalDigits").asInt()
                            : null,
                    List.copyOf(values),
                    orNull(component.get("readonly")),
                    component.path("disabled").asBoolean(false),
                    hide == null || hide.isBlank() ? null : stripEquals(hide),
                    nested,
                    component.path("subtype").asText("date")));
        }
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    static String stripEquals(String expression) {
        String trimmed = expression.strip();
        return trimmed.startsWith("=") ? trimmed.substring(1).strip() : trimmed;
    }
}
