/**
 * The healing stores on PostgreSQL: {@link dev.healing.store.postgres.PostgresStore}, for a fleet
 * of runners sharing baselines, healing memory, approvals and the heal log, one namespace each.
 */
package dev.healing.store.postgres;
