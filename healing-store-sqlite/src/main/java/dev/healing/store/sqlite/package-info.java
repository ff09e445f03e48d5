/** SQLite-backed {@link dev.healing.api.BaselineStore} and {@link dev.healing.api.HealingMemory}. */
package dev.healing.store.sqlite;
