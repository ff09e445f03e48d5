package dev.healing.examples;

import dev.healing.api.store.OperationsStore;
import dev.healing.store.postgres.PostgresStore;
import dev.healing.store.sqlite.SqliteStore;
import java.nio.file.Path;

/**
 * Opens the store a command's {@code --db} names: a SQLite file, or a PostgreSQL server given as
 * {@code postgresql://user@host:port/database?namespace=team} (the password from the URL, else
 * from {@code $PGPASSWORD}). Every store command uses it.
 */
final class StoreOpener {
    private StoreOpener() {
    }

    /** Opens an existing store (a missing SQLite file is an error, not created). */
    static OperationsStore open(String db) {
        return open(db, false);
    }

    /**
     * @param create whether a missing SQLite file is created (PostgreSQL namespaces are always
     *               created when missing)
     */
    static OperationsStore open(String db, boolean create) {
        if (PostgresStore.isUrl(db)) {
            PostgresStore.Builder b = PostgresStore.builder().url(db);
            String password = System.getenv("PGPASSWORD");
            if (password != null && !db.contains("password=") && !hasPasswordInUserInfo(db)) {
                b.password(password.toCharArray());
            }
            return b.build();
        }
        return SqliteStore.builder().path(Path.of(db)).createIfMissing(create).build();
    }

    private static boolean hasPasswordInUserInfo(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@', scheme + 3);
        int slash = url.indexOf('/', scheme + 3);
        return at > 0 && (slash < 0 || at < slash) && url.substring(scheme + 3, at).contains(":");
    }
}
