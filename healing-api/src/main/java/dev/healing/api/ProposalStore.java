package dev.healing.api;

import java.util.List;
import java.util.Optional;

/**
 * Keeps heals that wait for a person until they are approved or rejected.
 *
 * <p>Thread-safe; implementations shared between processes must not lose updates. Failures are
 * {@link StoreException}s.
 */
public interface ProposalStore {
    /** Stores a new pending proposal; its id must be unused. */
    void submit(Proposal proposal);

    /** @return the proposal with this id, in whatever status */
    Optional<Proposal> proposal(String id);

    /** @return the proposals still pending, oldest first */
    List<Proposal> pending();

    /**
     * Proposals a person approved that are not applied yet ({@link Proposal.Status#APPROVED}), oldest
     * first. The default returns none: stores that never hold approved proposals need not override it.
     *
     * @return the approved proposals still to apply
     */
    default List<Proposal> approved() {
        return List.of();
    }

    /**
     * Moves a proposal to a new status.
     *
     * @throws StoreException if there is no such proposal
     */
    void resolve(String id, Proposal.Status status, String note);
}
