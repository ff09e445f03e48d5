/**
 * What every store shares beside the SPIs: the policy the SQLite, PostgreSQL and in-memory stores
 * all apply (trust), so the stores differ only in where they keep their rows.
 */
package dev.healing.api.store;
