package dev.healing.core.workflow;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.Point;
import dev.healing.api.WorkflowException;
import dev.healing.api.WorkflowStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One workflow file as a JSON tree: {@code {"actions": [...]}} or {@code {"steps": [...]}}, each
 * step with flat {@code "x"}/{@code "y"} or nested {@code "coordinates": {"x", "y"}}. Every field it
 * does not know is kept as it was. Not thread-safe; one per read-modify-write.
 */
final class WorkflowDocument {
    static final String HISTORY = "_healing_history";
    static final String PROVISIONAL = "_healing_provisional";

    // Decimals are kept as written (1.50 stays 1.50) so unknown fields round-trip unchanged.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Path file;
    private final ObjectNode root;
    private final ArrayNode steps;

    private WorkflowDocument(Path file, ObjectNode root, ArrayNode steps) {
        this.file = file;
        this.root = root;
        this.steps = steps;
    }

    static WorkflowDocument parse(Path file, byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new WorkflowException(file + ": malformed JSON: " + e.getOriginalMessage()
                    + locationOf(e), e);
        } catch (java.io.IOException e) {
            throw new WorkflowException(file + ": cannot parse: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WorkflowException(file + ": a workflow must be a JSON object with an \"actions\" or \"steps\" array");
        }
        JsonNode list = root.has("actions") ? root.get("actions") : root.get("steps");
        if (list == null || !list.isArray()) {
            throw new WorkflowException(file + ": no \"actions\" or \"steps\" array");
        }
        return new WorkflowDocument(file, (ObjectNode) root, (ArrayNode) list);
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    int stepCount() {
        return steps.size();
    }

    WorkflowStep step(int index) {
        ObjectNode node = stepNode(index);
        String type = text(node, "type", text(node, "action", "click"));
        String description = text(node, "description", text(node, "name", ""));
        boolean sensitive = node.path("sensitive").asBoolean(false);
        return new WorkflowStep(index, type, description, pointOf(node, index), sensitive);
    }

    /** Writes {@code to} into the step in the form it already uses, and appends to its history. */
    Point move(int index, Point to, String reason, String timestamp) {
        ObjectNode node = stepNode(index);
        Point from = pointOf(node, index);
        if (from == null) {
            throw new WorkflowException(file + ": step " + index + " has no coordinates to change");
        }
        ObjectNode coords = node.has("x") || !node.has("coordinates") ? node : (ObjectNode) node.get("coordinates");
        coords.put("x", to.x());
        coords.put("y", to.y());
        JsonNode history = node.get(HISTORY);
        ArrayNode entries = history != null && history.isArray() ? (ArrayNode) history : node.putArray(HISTORY);
        ObjectNode entry = entries.addObject();
        entry.put("timestamp", timestamp);
        entry.put("old_x", from.x());
        entry.put("old_y", from.y());
        entry.put("new_x", to.x());
        entry.put("new_y", to.y());
        entry.put("reason", reason);
        node.put(PROVISIONAL, true);
        return from;
    }

    /** Clears the provisional mark of a step; false when it had none. */
    boolean confirm(int index) {
        return stepNode(index).remove(PROVISIONAL) != null;
    }

    byte[] toBytes() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            String text = MAPPER.writer(printer).writeValueAsString(root);
            return (text + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException e) {
            throw new WorkflowException(file + ": cannot serialise: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode stepNode(int index) {
        if (index < 0 || index >= steps.size()) {
            throw new WorkflowException(file + ": no step " + index + " (the workflow has " + steps.size()
                    + " steps, numbered from 0)");
        }
        JsonNode node = steps.get(index);
        if (!node.isObject()) {
            throw new WorkflowException(file + ": step " + index + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private Point pointOf(ObjectNode node, int index) {
        JsonNode holder = node.has("x") || node.has("y") ? node : node.get("coordinates");
        if (holder == null || holder.isNull()) {
            return null;
        }
        JsonNode x = holder.get("x");
        JsonNode y = holder.get("y");
        if (x == null || y == null || !x.isNumber() || !y.isNumber()) {
            throw new WorkflowException(file + ": step " + index + " needs numeric \"x\" and \"y\", got "
                    + holder);
        }
        long px = Math.round(x.asDouble());
        long py = Math.round(y.asDouble());
        if (px < 0 || py < 0 || px > Integer.MAX_VALUE || py > Integer.MAX_VALUE) {
            throw new WorkflowException(file + ": step " + index + " has coordinates out of range: (" + x + ", "
                    + y + ")");
        }
        return new Point((int) px, (int) py);
    }

    private static String text(ObjectNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : fallback;
    }
}
