package com.aftersales.deployments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * What a Camunda Form may contain: JSON with an id, and only components that show text or take an
 * agent's input. HTML, iframes, images, buttons and the like show content from elsewhere (or run it)
 * in the agents' browser, next to their Tasklist session.
 */
final class FormCheck {

    /** The form's root ("default"), the components of the app's forms, and other plain input and layout components. */
    private static final Set<String> COMPONENTS = Set.of(
            "default",
            "text",
            "textfield",
            "textarea",
            "number",
            "checkbox",
            "checklist",
            "radio",
            "select",
            "taglist",
            "datetime",
            "group",
            "separator",
            "spacer");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The form's id (its key for camunda:formRef), or {@code null} when the file is no form. */
    static String formId(byte[] file) {
        try {
            JsonNode id = JSON.readTree(file).get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void check(String resource, byte[] file, List<DeploymentProblem> problems) {
        JsonNode form;
        try {
            form = JSON.readTree(file);
        } catch (IOException e) {
            problems.add(new DeploymentProblem(
                    resource,
                    null,
                    0,
                    0,
                    "the form is not JSON: "
                            + (e instanceof JsonProcessingException json
                                    ? json.getOriginalMessage()
                                    : e.getMessage())));
            return;
        }
        if (form == null || !form.isObject()) {
            problems.add(new DeploymentProblem(resource, null, 0, 0, "the form is not a Camunda Form (a JSON object)"));
            return;
        }
        String id = form.path("id").isTextual() ? form.get("id").asText() : null;
        if (id == null || id.isBlank()) {
            problems.add(new DeploymentProblem(
                    resource, null, 0, 0, "the form has no id, so no user task can name it in camunda:formRef"));
        }
        components(resource, form, id, problems);
    }

    private static void components(
            String resource, JsonNode component, String formId, List<DeploymentProblem> problems) {
        String type = component.path("type").asText("");
        if (!COMPONENTS.contains(type)) {
            String element = component.path("key").isTextual()
                    ? component.get("key").asText()
                    : component.path("id").asText(formId);
            problems.add(new DeploymentProblem(
                    resource,
                    element,
                    0,
                    0,
                    "component type \"" + type + "\" is not allowed in a form"
                            + " (allowed: "
                            + String.join(", ", COMPONENTS.stream().sorted().toList()) + "); components such as html,"
                            + " iframe, image or button show or run content from elsewhere in the agents' browser"));
        }
        for (JsonNode child : component.path("components")) {
            components(resource, child, formId, problems);
        }
    }
}
