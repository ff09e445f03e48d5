package dev.healing.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.Escalation;
import dev.healing.api.FailureKind;

/** How the tools word an escalation's advice to a person. */
final class Escalations {
    private Escalations() {
    }

    /**
     * @return the escalation's suggested action; for an element restyled in place, that only its baseline
     *         is stale (the point is right), instead of asking a person to find the element by hand
     */
    static String suggestedAction(Escalation e) {
        if (e.failureKind() == FailureKind.IN_PLACE) {
            return inPlace(e.stepIndex(), e.workflowId(), e.oldPoint() == null ? "its point" : e.oldPoint().toString());
        }
        return e.suggestedAction();
    }

    /** Rewrites {@code suggestedAction} of one escalation as serialized by the store's JSON mapper. */
    static void reword(JsonNode escalation) {
        if (escalation instanceof ObjectNode o && FailureKind.IN_PLACE.name().equals(o.path("failureKind").asText())) {
            o.put("suggestedAction", inPlace(o.path("stepIndex").asInt(), o.path("workflowId").asText(),
                    o.has("oldPoint") ? "(" + o.at("/oldPoint/x").asInt() + ", " + o.at("/oldPoint/y").asInt() + ")"
                            : "its point"));
        }
    }

    private static String inPlace(int step, String workflow, String point) {
        return "The element at " + point + " of step " + step + " of " + workflow + " looks different but has"
                + " not moved: only the baseline is stale. Check the evidence; if it is the right element,"
                + " re-capture the step's baseline. The coordinates need no change.";
    }
}
