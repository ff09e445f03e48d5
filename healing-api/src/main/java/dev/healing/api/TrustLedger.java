package dev.healing.api;

/**
 * Per-workflow trust in the healer, 0..1: rises with verified heals, falls with failed heals and
 * rejected proposals. A workflow whose trust is below the healer's floor heals only with approval.
 *
 * <p>Thread-safe. Failures are {@link StoreException}s.
 */
public interface TrustLedger {
    /** What moves trust. */
    enum Event {
        /** A heal was verified. */
        VERIFIED,
        /** A heal failed verification on every attempt. */
        FAILED,
        /** A person rejected a proposal. */
        REJECTED,
        /** A person approved a proposal. */
        APPROVED
    }

    /** @return the workflow's trust 0..1; a workflow never seen has the implementation's starting trust */
    double trust(String workflowId);

    /** Records an event for the workflow. */
    void record(String workflowId, Event event);
}
