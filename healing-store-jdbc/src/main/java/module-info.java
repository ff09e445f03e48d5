/**
 * Internal: how the SQLite and PostgreSQL stores turn the API's values into table rows and back
 * (the columns of heals, attempts, proposals and escalations, and the binding of points, boxes and
 * nulls). Each store keeps its own SQL, which differs by dialect, namespace and concurrency; this
 * module is exported to the two stores only and is not API.
 */
@SuppressWarnings("module") // the two stores it exports to are built after it
module dev.healing.store.jdbc {
    requires transitive dev.healing.api;
    requires transitive java.sql;

    exports dev.healing.store.jdbc to dev.healing.store.sqlite, dev.healing.store.postgres;
}
