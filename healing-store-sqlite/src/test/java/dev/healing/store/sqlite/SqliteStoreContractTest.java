package dev.healing.store.sqlite;

import dev.healing.api.HealingStore;
import dev.healing.api.contract.HealingStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, run against {@link SqliteStore} on a file in a temporary folder. */
final class SqliteStoreContractTest extends HealingStoreContract {
    @TempDir
    Path dir;

    @Override
    protected HealingStore newStore() {
        return SqliteStore.builder().path(dir.resolve("contract.db")).build();
    }

    @Override
    protected HealingStore openAgain() {
        return SqliteStore.builder().path(dir.resolve("contract.db")).build();
    }
}
