package dev.healing.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealResult;
import dev.healing.api.Point;

/**
 * A {@link HealResult} as JSON: the format of the JSON-lines reporter, the webhook and the
 * examples' output. Field names are snake_case; points are {@code {"x", "y"}} or null.
 */
public final class HealResultJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HealResultJson() {
    }

    /** @return the result as a JSON object node */
    static ObjectNode toNode(HealResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", r.status().name());
        o.put("workflow", r.workflowId());
        o.put("step", r.stepIndex());
        point(o, "old", r.oldPoint().orElse(null));
        point(o, "new", r.newPoint().orElse(null));
        o.put("attempts", r.attempts());
        o.put("locator", r.locator().orElse(null));
        if (r.confidence().isPresent()) {
            o.put("confidence", Math.round(r.confidence().getAsDouble() * 1000) / 1000.0);
        } else {
            o.putNull("confidence");
        }
        o.put("failure_kind", r.failureKind().name());
        o.put("approval_class", r.approvalClass().map(Enum::name).orElse(null));
        r.proposalId().ifPresent(id -> o.put("proposal_id", id));
        r.candidate().ifPresent(c -> o.put("reasoning", c.reasoning()));
        o.put("reason", r.reason());
        r.trace().notes().forEach(o.putArray("notes")::add);
        r.failedAtStep().ifPresent(step -> o.put("failed_at_step", step));
        o.put("model_calls", r.cost().calls());
        o.put("tokens", r.cost().totalTokens());
        o.put("cost_usd", r.cost().usd());
        o.put("duration_ms", r.duration().toMillis());
        ArrayNode tried = o.putArray("history");
        for (HealAttempt a : r.history()) {
            ObjectNode t = tried.addObject();
            t.put("attempt", a.number());
            point(t, "point", a.candidate().point());
            t.put("source", a.candidate().source());
            t.put("confidence", Math.round(a.candidate().confidence() * 1000) / 1000.0);
            t.put("accepted", a.accepted());
            t.put("note", a.note());
        }
        return o;
    }

    /** @return the result as one line of JSON */
    public static String toJson(HealResult r) {
        return toNode(r).toString();
    }

    private static void point(ObjectNode o, String name, Point p) {
        if (p == null) {
            o.putNull(name);
        } else {
            o.putObject(name).put("x", p.x()).put("y", p.y());
        }
    }
}
