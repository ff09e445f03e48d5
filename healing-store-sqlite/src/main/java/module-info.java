/**
 * SQLite-backed baselines, healing memory, heal and run history, stats and health
 * ({@link dev.healing.store.sqlite.SqliteStore}), safe for several runner processes on one file.
 *
 * <p>Native access: sqlite-jdbc loads SQLite's native library. On Java 24 and later grant it with
 * {@code --enable-native-access=org.xerial.sqlitejdbc} (module path) or
 * {@code --enable-native-access=ALL-UNNAMED} (class path); module descriptors have no directive for it.
 */
module dev.healing.store.sqlite {
    requires transitive dev.healing.api;
    requires java.sql;
    requires dev.healing.store.jdbc;
    requires org.slf4j;
    requires org.xerial.sqlitejdbc;

    exports dev.healing.store.sqlite;
}
