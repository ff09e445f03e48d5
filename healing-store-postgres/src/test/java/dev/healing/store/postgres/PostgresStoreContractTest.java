package dev.healing.store.postgres;

import dev.healing.api.HealingStore;
import dev.healing.api.contract.HealingStoreContract;
import dev.healing.store.postgres.testing.PgCluster;

/**
 * The store contract, run against {@link PostgresStore} on a throwaway cluster, a fresh namespace
 * per test; {@link #openAgain} is a second store on the same database and namespace.
 */
final class PostgresStoreContractTest extends HealingStoreContract {
    private String namespace;

    @Override
    protected HealingStore newStore() {
        namespace = PgCluster.freshNamespace("contract");
        return PgCluster.shared().builder(namespace).build();
    }

    @Override
    protected HealingStore openAgain() {
        return PgCluster.shared().builder(namespace).build();
    }
}
