package dev.healing.core.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.WorkflowException;
import dev.healing.api.WorkflowStep;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the player's view of a step: type, point, description and sensitivity through the
 * {@link JsonWorkflowStore}, and the fields only the player needs ({@code text}, {@code keys},
 * {@code seconds}, {@code wait_after}) from the same file. Re-read at every step, because heals
 * change the file.
 */
final class PlaySteps {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(3600);

    private final JsonWorkflowStore workflows;

    PlaySteps(JsonWorkflowStore workflows) {
        this.workflows = workflows;
    }

    int count(String workflowId) {
        return workflows.stepCount(workflowId);
    }

    PlayStep step(String workflowId, int index) {
        WorkflowStep s = workflows.step(workflowId, index);
        Path file = workflows.fileOf(workflowId);
        JsonNode node = rawStep(file, index);
        String type = s.type();
        PlayStep step = new PlayStep(index, type, s.point(), text(node, "text"), text(node, "keys"),
                seconds(file, index, node, "seconds"), seconds(file, index, node, "wait_after"), s.description(),
                s.sensitive());
        switch (step.type()) {
            case "click", "double_click", "right_click" -> {
                if (step.point() == null) {
                    throw new WorkflowException(file + ": step " + index + " (" + type + ") needs \"x\" and \"y\"");
                }
            }
            case "type" -> {
                if (!node.path("text").isTextual()) {
                    throw new WorkflowException(file + ": step " + index + " (type) needs a \"text\" string");
                }
            }
            case "key" -> {
                if (step.keys().isBlank()) {
                    throw new WorkflowException(file + ": step " + index + " (key) needs \"keys\", e.g. \"ctrl+a\"");
                }
            }
            case "wait" -> {
                if (!node.has("seconds")) {
                    throw new WorkflowException(file + ": step " + index + " (wait) needs \"seconds\"");
                }
            }
            default -> throw new WorkflowException(file + ": step " + index + " has unknown type \"" + type
                    + "\" (click, double_click, right_click, type, key, wait)");
        }
        return step;
    }

    private static JsonNode rawStep(Path file, int index) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new WorkflowException(file + ": cannot read: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.has("actions") ? root.get("actions") : root.get("steps");
        if (list == null || !list.isArray() || index >= list.size()) {
            throw new WorkflowException(file + ": no step " + index);
        }
        return list.get(index);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : "";
    }

    private static Duration seconds(Path file, int index, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Duration.ZERO;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0 || v.decimalValue().compareTo(MAX_SECONDS) > 0) {
            throw new WorkflowException(file + ": step " + index + " \"" + field + "\" must be 0..3600 seconds, got "
                    + v);
        }
        return Duration.ofMillis(v.decimalValue().movePointRight(3).longValue());
    }
}
