/**
 * What every store shares beside the SPIs: the operations interface the command-line tools use
 * ({@link dev.healing.api.store.OperationsStore}), its read-model records, and the policy the
 * SQLite, PostgreSQL and in-memory stores all apply (trust, health, strategy names), so the stores
 * differ only in where they keep their rows.
 */
package dev.healing.api.store;
