package dev.healing.core;

import dev.healing.api.HealingStore;
import dev.healing.api.contract.HealingStoreContract;

/** The store contract, run against {@link InMemoryStore}. */
final class InMemoryStoreContractTest extends HealingStoreContract {
    @Override
    protected HealingStore newStore() {
        return new InMemoryStore();
    }
}
