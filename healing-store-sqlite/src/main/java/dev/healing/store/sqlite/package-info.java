/**
 * SQLite-backed {@link dev.healing.api.BaselineStore}, {@link dev.healing.api.HealingMemory} and
 * {@link dev.healing.api.HealListener}: versioned baselines, remembered fixes, the heal-attempt and
 * run log, stats and health. Start at {@link dev.healing.store.sqlite.SqliteStore#builder()}.
 */
package dev.healing.store.sqlite;
