/**
 * SQLite-backed baselines, healing memory, heal and run history, stats and health
 * ({@link dev.healing.store.sqlite.SqliteStore}), safe for several runner processes on one file.
 */
module dev.healing.store.sqlite {
    requires transitive dev.healing.api;
    requires java.sql;
    requires org.slf4j;
    requires org.xerial.sqlitejdbc;

    exports dev.healing.store.sqlite;
}
