package dev.healing.store.postgres;

import dev.healing.api.HealingStore;
import dev.healing.api.contract.HealingStoreContract;
import dev.healing.store.postgres.testing.PgCluster;

/** The store contract, run against {@link PostgresStore} on a throwaway cluster, a fresh namespace per test. */
final class PostgresStoreContractTest extends HealingStoreContract {
    @Override
    protected HealingStore newStore() {
        return PgCluster.shared().builder(PgCluster.freshNamespace("contract")).build();
    }
}
