/**
 * SQLite-backed {@link dev.healing.api.BaselineStore}, {@link dev.healing.api.HealingMemory},
 * {@link dev.healing.api.HealListener}, {@link dev.healing.api.ProposalStore} and
 * {@link dev.healing.api.TrustLedger}: versioned baselines, remembered fixes, the heal-attempt and
 * run log with evidence pictures, proposals waiting for a person, escalations, per-workflow trust,
 * stats and health. Start at {@link dev.healing.store.sqlite.SqliteStore#builder()}.
 */
package dev.healing.store.sqlite;
