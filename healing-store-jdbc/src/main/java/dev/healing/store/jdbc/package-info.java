/**
 * Internal: the row mapping shared by the SQLite and PostgreSQL stores ({@link dev.healing.store.jdbc.HealRows},
 * {@link dev.healing.store.jdbc.OpsRowMapping}, {@link dev.healing.store.jdbc.Columns}). Not API: exported to the
 * two stores only.
 */
package dev.healing.store.jdbc;
