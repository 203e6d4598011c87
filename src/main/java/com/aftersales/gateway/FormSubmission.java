package com.aftersales.gateway;

import com.aftersales.config.ApiProblem.FieldError;
import com.aftersales.orders.Money;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks the variables a person sends with a task completion (Camunda's REST format,
 * {@code {"name": {"value": …, "type": …}}}) against the task's form, as Tasklist's form-js validates them
 * and more: only declared fields; text within its length and pattern; numbers within min/max and their
 * decimals (an amount: no more decimals than the order's currency has); a radio or select one of its
 * options; a checkbox true or false; required fields present unless the form hides them; a read-only or
 * disabled field only with the value it already has; a hidden field left out (form-js does not send it); a
 * checklist or taglist a list of its options; a date, time or date-time ISO text.
 */
final class FormSubmission {

    /** A completion must carry the required fields; an update of some variables need not. */
    enum Mode {
        COMPLETION,
        UPDATE
    }

    /**
     * What the check found: the errors, or what the person entered or chose (Java values, in the order sent):
     * not read-only fields, not empty ones, not a text the task already holds (a note the form shows again).
     *
     * @param decided the choices, numbers, dates
     * @param written the free text (text fields and areas), which may quote the buyer
     */
    record Result(List<FieldError> errors, Map<String, Object> decided, Map<String, Object> written) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    private static final Set<String> NUMBER_TYPES = Set.of("integer", "long", "short", "double");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaskForm form;
    private final Map<String, Object> current;
    private final String currency;
    private final FormExpressions expressions;

    /**
     * @param current the task's variables now (what the form shows)
     * @param currency the order's currency (ISO 4217), for number fields with {@code decimalDigits} (amounts); {@code null} if unknown
     */
    FormSubmission(TaskForm form, Map<String, Object> current, String currency, FormExpressions expressions) {
        this.form = form;
        this.current = current;
        this.currency = currency;
        this.expressions = expressions;
    }

    Result check(JsonNode variables, Mode mode) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> decided = new LinkedHashMap<>();
        Map<String, Object> written = new LinkedHashMap<>();
        Map<String, JsonNode> submitted = new LinkedHashMap<>();
        if (variables != null && !variables.isNull() && !variables.isObject()) {
            return new Result(
                    List.of(new FieldError("variables", "must be an object of {\"value\": …} entries")),
                    Map.of(),
                    Map.of());
        }
        if (variables != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                submitted.put(entry.getKey(), entry.getValue());
            }
        }
        Map<String, Object> data = new HashMap<>(current);
        submitted.forEach((name, entry) -> data.put(name, javaValue(entry.path("value"))));

        for (Map.Entry<String, JsonNode> entry : submitted.entrySet()) {
            String name = entry.getKey();
            TaskForm.Field field = form.field(name);
            if (field == null) {
                errors.add(new FieldError(
                        name,
                        form.formId() == null
                                ? "the task has no form, so it takes no variables"
                                : "is not a field of the task's form " + form.formId()));
                continue;
            }
            String problem = checkValue(field, entry.getValue(), data);
            Object value = javaValue(entry.getValue().path("value"));
            if (problem != null) {
                errors.add(new FieldError(name, problem));
            } else if (value != null
                    && !"".equals(value)
                    && !readOnly(field, data)
                    && !(field.isText() && sameAsNow(name, entry.getValue().path("value")))) {
                (field.isText() ? written : decided).put(name, value);
            }
        }
        if (mode == Mode.COMPLETION) {
            for (TaskForm.Field field : form.fields()) {
                if (!field.required()
                        || submitted.containsKey(field.key())
                        || readOnly(field, data)
                        || hidden(field, data)) continue;
                errors.add(new FieldError(field.key(), "is required"));
            }
        }
        return errors.isEmpty() ? new Result(errors, decided, written) : new Result(errors, Map.of(), Map.of());
    }

    private String checkValue(TaskForm.Field field, JsonNode entry, Map<String, Object> data) {
        if (!entry.isObject() || !entry.has("value")) return "must be sent as {\"value\": …}";
        if (!field.checked()) return "is a " + field.type() + " field the app cannot check, so it takes no value";
        JsonNode value = entry.get("value");
        String type =
                entry.path("type").isTextual() ? entry.get("type").asText().toLowerCase() : null;
        boolean empty = value.isNull()
                || value.isMissingNode()
                || (value.isTextual() && value.asText().isEmpty());
        if (readOnly(field, data)) {
            return sameAsNow(field.key(), value) ? null : "is read-only";
        }
        if (hidden(field, data)) {
            return value.isNull() ? null : "is hidden by the form (" + field.hideIf() + "), so it takes no value";
        }
        if (field.required() && empty) return "is required";
        if (value.isNull())
            return type == null || type.equals("null") || typeFits(field, type)
                    ? null
                    : "must not have type " + entry.get("type").asText();
        if (field.isText()) return checkText(field, value, type, data);
        if ("number".equals(field.type())) return checkNumber(field, value, type, data);
        if ("checkbox".equals(field.type())) {
            return value.isBoolean() && (type == null || type.equals("boolean")) ? null : "must be true or false";
        }
        if ("datetime".equals(field.type())) return checkDateTime(field, value, type);
        if (field.isMultiple()) {
            JsonNode list = value.isTextual() && "json".equals(type) ? parsed(value.asText()) : value;
            if (list == null || !list.isArray() || (type != null && !type.equals("json") && !type.equals("object"))) {
                return "must be a list of " + field.values();
            }
            if (field.required() && list.isEmpty()) return "is required";
            for (JsonNode option : list) {
                if (!field.values().contains(option)) return "must hold only " + field.values();
            }
            return null;
        }
        // radio, select
        if (type != null && !type.equals("string") && field.values().stream().allMatch(JsonNode::isTextual))
            return "must be a string";
        return field.values().contains(value) ? null : "must be one of " + field.values();
    }

    private static boolean typeFits(TaskForm.Field field, String type) {
        if ("number".equals(field.type())) return NUMBER_TYPES.contains(type);
        if ("checkbox".equals(field.type())) return type.equals("boolean");
        if (field.isMultiple()) return type.equals("json") || type.equals("object");
        return type.equals("string");
    }

    private String checkText(TaskForm.Field field, JsonNode value, String type, Map<String, Object> data) {
        if (!value.isTextual() || (type != null && !type.equals("string"))) return "must be text";
        String text = value.asText();
        Integer max = wholeBound(field.maxLength(), data);
        Integer min = wholeBound(field.minLength(), data);
        if (field.maxLength() != null && max == null || field.minLength() != null && min == null)
            return boundNotCheckable(field);
        if (max != null && text.length() > max) return "may have at most " + max + " characters";
        if (min != null && !text.isEmpty() && text.length() < min) return "must have at least " + min + " characters";
        if (field.pattern() != null && !text.isEmpty()) {
            try {
                if (!Pattern.compile(field.pattern()).matcher(text).matches())
                    return "does not match " + field.pattern();
            } catch (PatternSyntaxException e) {
                return boundNotCheckable(field);
            }
        }
        return null;
    }

    private String checkNumber(TaskForm.Field field, JsonNode value, String type, Map<String, Object> data) {
        if (!value.isNumber() || (type != null && !NUMBER_TYPES.contains(type))) return "must be a number";
        BigDecimal number = value.decimalValue();
        int decimals = Math.max(0, number.stripTrailingZeros().scale());
        if (type != null && !type.equals("double") && decimals > 0) return "must be a whole number for type " + type;
        if (field.decimalDigits() != null && currency != null) {
            String problem = Money.decimalsProblem(number, currency); // an amount: the order's currency's rule
            if (problem != null) return problem;
        }
        if (field.decimalDigits() != null && decimals > field.decimalDigits()) {
            return "has " + decimals + " decimals; this field takes at most " + field.decimalDigits();
        }
        BigDecimal min = numberBound(field.min(), data);
        BigDecimal max = numberBound(field.max(), data);
        if (field.min() != null && min == null || field.max() != null && max == null) return boundNotCheckable(field);
        if (min != null && number.compareTo(min) < 0)
            return "must be at least " + min.stripTrailingZeros().toPlainString();
        if (max != null && number.compareTo(max) > 0)
            return "may be at most " + max.stripTrailingZeros().toPlainString();
        return null;
    }

    private static final Map<String, Pattern> DATE_TIME = Map.of(
            "date", Pattern.compile("\\d{4}-\\d{2}-\\d{2}"),
            "time", Pattern.compile("\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:?\\d{2})?"),
            "datetime",
                    Pattern.compile(
                            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?"));

    /** form-js sends a date, time or date-time field as ISO text ({@code 2026-12-02}, {@code 14:30}, {@code 2026-12-02T14:30Z}). */
    private static String checkDateTime(TaskForm.Field field, JsonNode value, String type) {
        Pattern format = DATE_TIME.getOrDefault(field.subtype(), DATE_TIME.get("date"));
        if (!value.isTextual()
                || (type != null && !type.equals("string"))
                || !format.matcher(value.asText()).matches()) {
            return "must be a " + field.subtype() + " in ISO form, e.g. "
                    + switch (field.subtype()) {
                        case "time" -> "14:30";
                        case "datetime" -> "2026-12-02T14:30Z";
                        default -> "2026-12-02";
                    };
        }
        return null;
    }

    private static String boundNotCheckable(TaskForm.Field field) {
        return "cannot be checked against the form's rules (an expression of field " + field.key()
                + " does not evaluate)";
    }

    private boolean readOnly(TaskForm.Field field, Map<String, Object> data) {
        if (field.disabled()) return true;
        JsonNode readonly = field.readonly();
        if (readonly == null) return false;
        if (readonly.isBoolean()) return readonly.asBoolean();
        if (!readonly.isTextual()) return false;
        try {
            return Boolean.TRUE.equals(expressions.evaluate(readonly.asText(), data));
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** form-js hides the field when the expression is true; one that does not evaluate shows the field. */
    private boolean hidden(TaskForm.Field field, Map<String, Object> data) {
        if (field.hideIf() == null) return false;
        try {
            return Boolean.TRUE.equals(expressions.evaluate(field.hideIf(), data));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private BigDecimal numberBound(JsonNode bound, Map<String, Object> data) {
        if (bound == null) return null;
        if (bound.isNumber()) return bound.decimalValue();
        try {
            Object value = bound.isTextual() && bound.asText().strip().startsWith("=")
                    ? expressions.evaluate(bound.asText(), data)
                    : bound.asText();
            return value == null ? null : new BigDecimal(value.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Integer wholeBound(JsonNode bound, Map<String, Object> data) {
        BigDecimal value = numberBound(bound, data);
        return value == null ? null : value.intValue();
    }

    /** Tasklist sends a read-only field back as the form showed it; an absent variable counts as empty. */
    private boolean sameAsNow(String name, JsonNode value) {
        Object now = current.get(name);
        Object sent = javaValue(value);
        boolean sentEmpty = sent == null || "".equals(sent);
        if (now == null || "".equals(now)) return sentEmpty;
        if (sent instanceof BigDecimal number && now instanceof Number)
            return number.compareTo(new BigDecimal(now.toString())) == 0;
        return now.equals(sent);
    }

    private static JsonNode parsed(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    static Object javaValue(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return null;
        if (value.isTextual()) return value.asText();
        if (value.isBoolean()) return value.asBoolean();
        if (value.isNumber()) return value.decimalValue();
        return value.toString();
    }
}
