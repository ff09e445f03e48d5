/**
 * Internal: the row mapping shared by the SQLite and PostgreSQL stores ({@link dev.healing.store.jdbc.HealRows},
 * {@link dev.healing.store.jdbc.OpsRowMapping}, {@link dev.healing.store.jdbc.Columns}), and the queries whose
 * binding and reading are the same in both while the SQL is each store's ({@link
 * dev.healing.store.jdbc.HealthQueries}, {@link dev.healing.store.jdbc.MemoryQueries}, run through a store's
 * {@link dev.healing.store.jdbc.Statements}). Not API: exported to the two stores only.
 */
package dev.healing.store.jdbc;
