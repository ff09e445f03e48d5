package dev.healing.core;

import dev.healing.api.Proposal;
import dev.healing.api.ProposalStore;
import dev.healing.api.StoreException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Proposals kept in memory, for tests, demos and single-process hosts. Thread-safe. */
final class InMemoryProposalStore implements ProposalStore {
    private final Map<String, Proposal> proposals = new LinkedHashMap<>();

    /** Creates an empty store. */
    public InMemoryProposalStore() {
        // nothing pending yet
    }

    @Override
    public synchronized void submit(Proposal proposal) {
        if (proposals.putIfAbsent(proposal.id(), proposal) != null) {
            throw new StoreException("proposal id " + proposal.id() + " is already used");
        }
    }

    @Override
    public synchronized Optional<Proposal> proposal(String id) {
        return Optional.ofNullable(proposals.get(id));
    }

    @Override
    public synchronized List<Proposal> pending() {
        return proposals.values().stream().filter(p -> p.status() == Proposal.Status.PENDING)
                .sorted(Comparator.comparing(Proposal::createdAt)).toList();
    }

    @Override
    public synchronized List<Proposal> approved() {
        return proposals.values().stream().filter(p -> p.status() == Proposal.Status.APPROVED)
                .sorted(Comparator.comparing(Proposal::createdAt)).toList();
    }

    @Override
    public synchronized void resolve(String id, Proposal.Status status, String note) {
        Proposal p = proposals.get(id);
        if (p == null) {
            throw new StoreException("no proposal " + id);
        }
        proposals.put(id, p.withStatus(status));
    }
}
