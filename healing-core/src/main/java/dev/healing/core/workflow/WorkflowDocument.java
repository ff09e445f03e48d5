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
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One workflow file as a JSON tree: {@code {"actions": [...]}} or {@code {"steps": [...]}}, each
 * step with flat {@code "x"}/{@code "y"} or nested {@code "coordinates": {"x", "y"}}. Every field it
 * does not know is kept as it was. Not thread-safe; one per read-modify-write.
 */
final class WorkflowDocument {
    static final String HISTORY = "_healing_history";
    static final String PROVISIONAL = "_healing_provisional";
    /** In a history entry: the backup file name (in the backup folder) of the version before the change. */
    static final String BACKUP = "backup";
    /** In a history entry: the process that wrote the change, see {@link Writers}. */
    static final String WRITER = "writer";

    /** The spellings of {@code "sensitive"} read as true and as false, after trimming and lower-casing. */
    private static final Set<String> TRUE = Set.of("true", "yes", "y", "on", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "n", "off", "0");

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
        JsonNode list = listOf(root);
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
        boolean sensitive = sensitive(node, index);
        return new WorkflowStep(index, type, description, pointOf(node, index), sensitive);
    }

    /** Reads {@code "sensitive"}: absent or null is false; anything not clearly true or false is refused. */
    private boolean sensitive(ObjectNode node, int index) {
        JsonNode v = node.get("sensitive");
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && (v.bigIntegerValue().equals(BigInteger.ZERO)
                || v.bigIntegerValue().equals(BigInteger.ONE))) {
            return v.bigIntegerValue().equals(BigInteger.ONE);
        }
        if (v.isTextual()) {
            String t = v.textValue().trim().toLowerCase(Locale.ROOT);
            if (TRUE.contains(t)) {
                return true;
            }
            if (FALSE.contains(t)) {
                return false;
            }
        }
        throw new WorkflowException(file + ": step " + index + " has \"sensitive\": " + v
                + ", which is neither clearly true nor clearly false; write true or false");
    }

    /**
     * Writes {@code to} into the step in the form it already uses, appends to its history (with the
     * backup name and writer), and marks it provisional.
     */
    Point move(int index, Point to, String reason, String timestamp, String backupName, String writer) {
        ObjectNode node = stepNode(index);
        Point from = pointOf(node, index);
        if (from == null) {
            throw new WorkflowException(file + ": step " + index + " has no coordinates to change");
        }
        ObjectNode coords = coordinatesOf(node);
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
        entry.put(BACKUP, backupName);
        entry.put(WRITER, writer);
        node.put(PROVISIONAL, true);
        return from;
    }

    /** The object holding the step's "x" and "y": the step itself, or its "coordinates"; the step has a point. */
    private static ObjectNode coordinatesOf(ObjectNode node) {
        return node.has("x") || !node.has("coordinates") ? node : (ObjectNode) node.get("coordinates");
    }

    /** @return the indexes of the steps that carry a provisional mark (any value but {@code false}) */
    List<Integer> provisionalSteps() {
        List<Integer> marked = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (hasMark(steps.get(i))) {
                marked.add(i);
            }
        }
        return marked;
    }

    /** @return whether step {@code index} carries a provisional mark */
    boolean isProvisional(int index) {
        return hasMark(stepNode(index));
    }

    private static boolean hasMark(JsonNode step) {
        JsonNode mark = step.get(PROVISIONAL);
        return mark != null && !(mark.isBoolean() && !mark.booleanValue());
    }

    /** @return the text field {@code field} of the step's last history entry, or "" */
    String lastHistory(int index, String field) {
        ObjectNode entry = lastEntry(stepNode(index));
        return entry == null ? "" : entry.path(field).asText("");
    }

    private static ObjectNode lastEntry(ObjectNode node) {
        JsonNode history = node.get(HISTORY);
        if (history == null || !history.isArray() || history.isEmpty() || !history.get(history.size() - 1).isObject()) {
            return null;
        }
        return (ObjectNode) history.get(history.size() - 1);
    }

    /** @return the step's point before its last recorded change, or null when the history does not say */
    Point pointBeforeLastChange(int index) {
        ObjectNode entry = lastEntry(stepNode(index));
        if (entry == null || !entry.path("old_x").isNumber() || !entry.path("old_y").isNumber()) {
            return null;
        }
        return pixel(entry.get("old_x"), entry.get("old_y"));
    }

    /** @return the step's point, or null when it has none */
    Point point(int index) {
        return pointOf(stepNode(index), index);
    }

    /** @return whether this document equals {@code other} everywhere except in step {@code index} */
    boolean sameExceptStep(WorkflowDocument other, int index) {
        if (other.steps.size() != steps.size() || other.root.size() != root.size()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
            if (field.getValue() != steps && !field.getValue().equals(other.root.get(field.getKey()))) {
                return false;
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (i != index && !steps.get(i).equals(other.steps.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The step list of a workflow tree: {@code "actions"} when present, else {@code "steps"}. */
    private static JsonNode listOf(JsonNode root) {
        return root.has("actions") ? root.get("actions") : root.get("steps");
    }

    /** Replaces step {@code index} with a copy of the same step of {@code other}. */
    void restoreStep(int index, WorkflowDocument other) {
        stepNode(index);
        steps.set(index, other.stepNode(index).deepCopy());
    }

    /**
     * Undoes the step's last recorded change from its history alone: the old point goes back,
     * the history entry and the provisional mark go.
     */
    void undoLastChange(int index) {
        ObjectNode node = stepNode(index);
        Point old = pointBeforeLastChange(index);
        if (old == null || pointOf(node, index) == null) {
            throw new WorkflowException(file + ": step " + index + " cannot be restored from its healing history");
        }
        ObjectNode coords = coordinatesOf(node);
        coords.put("x", old.x());
        coords.put("y", old.y());
        ArrayNode history = (ArrayNode) node.get(HISTORY);
        history.remove(history.size() - 1);
        if (history.isEmpty()) {
            node.remove(HISTORY);
        }
        node.remove(PROVISIONAL);
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
        Point p = pixel(x, y);
        if (p == null) {
            throw new WorkflowException(file + ": step " + index + " has coordinates out of range: (" + x + ", "
                    + y + ")");
        }
        return p;
    }

    /** @return the numbers rounded to a pixel, or null when either is negative or beyond int range */
    private static Point pixel(JsonNode x, JsonNode y) {
        long px = Math.round(x.asDouble());
        long py = Math.round(y.asDouble());
        return px < 0 || py < 0 || px > Integer.MAX_VALUE || py > Integer.MAX_VALUE ? null : new Point((int) px, (int) py);
    }

    private static String text(ObjectNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : fallback;
    }
}
