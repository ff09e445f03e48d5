/**
 * PostgreSQL-backed baselines, healing memory, heal and run history, proposals, trust, stats and
 * health ({@link dev.healing.store.postgres.PostgresStore}), shared by a fleet of runners.
 */
@SuppressWarnings("requires-automatic") // the PostgreSQL driver ships no module descriptor, only a module name
module dev.healing.store.postgres {
    requires transitive dev.healing.api;
    requires java.sql;
    requires dev.healing.store.jdbc;
    requires org.slf4j;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;

    exports dev.healing.store.postgres;
}
