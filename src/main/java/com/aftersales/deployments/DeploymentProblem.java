package com.aftersales.deployments;

import java.util.List;
import org.camunda.bpm.engine.Problem;

/**
 * Something a deployment may not contain: the resource, the element (its id, or {@code null}), the line
 * and why. Camunda's REST answers it in the 400's {@code details}, per resource.
 */
public record DeploymentProblem(String resource, String elementId, int line, int column, String reason)
        implements Problem {

    @Override
    public String getMessage() {
        return reason;
    }

    @Override
    public int getLine() {
        return line;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public String getMainElementId() {
        return elementId;
    }

    @Override
    public List<String> getElementIds() {
        return elementId == null ? List.of() : List.of(elementId);
    }

    /** One line of the refusal's message: resource, element, line, why. */
    public String describe() {
        return resource + (elementId == null ? "" : ", " + elementId) + (line > 0 ? " (line " + line + ")" : "") + ": "
                + reason;
    }
}
