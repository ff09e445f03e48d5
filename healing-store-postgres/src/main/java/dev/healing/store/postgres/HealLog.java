package dev.healing.store.postgres;

import dev.healing.api.store.HealEvent;
import dev.healing.api.store.HealRecord;
import dev.healing.api.store.HealStats;
import dev.healing.api.HealAttempt;
import dev.healing.store.jdbc.Columns;
import dev.healing.store.jdbc.HealRows;
import dev.healing.store.jdbc.RunQueries;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for the heal and attempt log, runs and step runs ({@link #RUNS}). Called inside a transaction. */
final class HealLog {
    /** The run log after a run has started ({@link RunQueries} runs this SQL). */
    static final RunQueries RUNS = new RunQueries(new RunQueries.Sql(
            "UPDATE run SET finished_at = ?, status = ?, failed_at_step = ?"
                    + " WHERE namespace = :ns AND id = ? AND status = 'RUNNING'",
            "SELECT id, workflow_id, runner, started_at, finished_at, status, failed_at_step FROM run"
                    + " WHERE namespace = :ns ORDER BY id DESC LIMIT ?",
            "SELECT id, workflow_id, runner, started_at, finished_at, status, failed_at_step FROM run"
                    + " WHERE namespace = :ns AND workflow_id = ? ORDER BY id DESC LIMIT ?",
            "INSERT INTO step_run (namespace, run_id, workflow_id, step_index, similarity, passed, at)"
                    + " VALUES (:ns, ?, ?, ?, ?, ?, ?)",
            "SELECT similarity, passed, at, coalesce(run_id, 0) FROM step_run"
                    + " WHERE namespace = :ns AND workflow_id = ? AND step_index = ? ORDER BY id DESC LIMIT ?"));

    private HealLog() {
    }

    /**
     * Inserts the heals and their attempts as JDBC batches; ids are taken from the heal sequence
     * up front, so concurrent writers never collide.
     *
     * @return the id of each heal, in order
     */
    static long[] insert(Tx c, List<HealEvent> events, List<HealRows.EvidencePngs> pictures, long nowMillis)
            throws SQLException {
        long[] ids = new long[events.size()];
        try (PreparedStatement s = c.prepareStatement("SELECT nextval(pg_get_serial_sequence('heal', 'id'))"
                + " FROM generate_series(1, ?)")) {
            s.setInt(1, events.size());
            try (ResultSet rs = s.executeQuery()) {
                for (int k = 0; k < ids.length && rs.next(); k++) {
                    ids[k] = rs.getLong(1);
                }
            }
        }
        int i = 0;
        boolean anyAttempts = false;
        try (PreparedStatement heal = c.prepareStatement("INSERT INTO heal (namespace, " + HealRows.HEAL_COLUMNS
                + ") VALUES (:ns, " + Columns.marks(HealRows.HEAL_COLUMN_COUNT) + ")");
             PreparedStatement attempt = c.prepareStatement("INSERT INTO heal_attempt (namespace, "
                     + HealRows.ATTEMPT_COLUMNS + ") VALUES (:ns, " + Columns.marks(HealRows.ATTEMPT_COLUMN_COUNT) + ")")) {
            for (HealEvent e : events) {
                long id = ids[i++];
                HealRows.bindHeal(heal, id, e, nowMillis);
                heal.addBatch();
                for (HealAttempt a : e.result().history()) {
                    HealRows.bindAttempt(attempt, id, a);
                    attempt.addBatch();
                    anyAttempts = true;
                }
            }
            heal.executeBatch();
            if (anyAttempts) {
                attempt.executeBatch();
            }
        }
        insertEvidence(c, ids, pictures);
        return ids;
    }

    /**
     * Stores each picture once: the result's picture is usually the same image as its last
     * attempt's, and is then recorded as a reference to that attempt instead of a second copy.
     */
    private static void insertEvidence(Tx c, long[] ids, List<HealRows.EvidencePngs> pictures) throws SQLException {
        try (PreparedStatement heal = c.prepareStatement("INSERT INTO heal_evidence (namespace, heal_id, png)"
                + " VALUES (:ns, ?, ?)");
             PreparedStatement same = c.prepareStatement("UPDATE heal SET evidence_attempt = ?"
                     + " WHERE namespace = :ns AND id = ?");
             PreparedStatement attempt = c.prepareStatement(
                     "INSERT INTO attempt_evidence (namespace, heal_id, number, png) VALUES (:ns, ?, ?, ?)")) {
            for (int i = 0; i < ids.length; i++) {
                HealRows.EvidencePngs e = pictures.get(i);
                Integer sameAs = null;
                for (Map.Entry<Integer, byte[]> a : e.attempts().entrySet()) {
                    attempt.setLong(1, ids[i]);
                    attempt.setInt(2, a.getKey());
                    attempt.setBytes(3, a.getValue());
                    attempt.executeUpdate();
                    if (a.getValue() == e.heal()) {
                        sameAs = a.getKey();
                    }
                }
                if (sameAs != null) {
                    same.setInt(1, sameAs);
                    same.setLong(2, ids[i]);
                    same.executeUpdate();
                } else if (e.heal() != null) {
                    heal.setLong(1, ids[i]);
                    heal.setBytes(2, e.heal());
                    heal.executeUpdate();
                }
            }
        }
    }

    /** The PNG bytes of a heal's picture ({@code number} 0) or of one attempt's, if stored. */
    static byte[] evidencePng(Tx c, long healId, int number) throws SQLException {
        String sql = number == 0
                ? "SELECT png FROM heal_evidence WHERE namespace = :ns AND heal_id = ? UNION ALL SELECT a.png"
                        + " FROM attempt_evidence a JOIN heal h ON h.namespace = a.namespace AND h.id = a.heal_id"
                        + " AND a.number = h.evidence_attempt WHERE h.namespace = :ns AND h.id = ?"
                : "SELECT png FROM attempt_evidence WHERE namespace = :ns AND heal_id = ? AND number = ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, healId);
            if (number != 0) {
                p.setInt(2, number);
            } else {
                p.setLong(2, healId);
            }
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** The most recent heals first, with their attempts; {@code workflowId} null for all workflows. */
    static List<HealRecord> history(Tx c, String workflowId, int limit) throws SQLException {
        String where = workflowId == null ? " WHERE namespace = :ns" : " WHERE namespace = :ns AND workflow_id = ?";
        Map<Long, Object[]> heals = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + HealRows.HEAL_COLUMNS + " FROM heal" + where
                + " ORDER BY id DESC LIMIT ?")) {
            Columns.setFilterAndLimit(p, workflowId, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    heals.put(rs.getLong(1), HealRows.heal(rs));
                }
            }
        }
        if (heals.isEmpty()) {
            return List.of();
        }
        long minId = heals.keySet().stream().mapToLong(Long::longValue).min().orElse(0);
        long maxId = heals.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<Long, List<HealAttempt>> attempts = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + HealRows.ATTEMPT_COLUMNS
                + " FROM heal_attempt WHERE namespace = :ns AND heal_id BETWEEN ? AND ? ORDER BY heal_id, number")) {
            p.setLong(1, minId);
            p.setLong(2, maxId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long healId = rs.getLong(1);
                    if (heals.containsKey(healId)) {
                        attempts.computeIfAbsent(healId, id -> new ArrayList<>()).add(HealRows.attempt(rs));
                    }
                }
            }
        }
        List<HealRecord> out = new ArrayList<>(heals.size());
        for (Map.Entry<Long, Object[]> e : heals.entrySet()) {
            out.add(HealRows.record(e.getValue(), attempts.getOrDefault(e.getKey(), List.of())));
        }
        return out;
    }

    /** Heal stats grouped per workflow. */
    static List<HealStats> statsPerWorkflow(Tx c) throws SQLException {
        Map<String, Long> escalated = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT workflow_id, count(*) FROM escalation WHERE namespace = :ns GROUP BY workflow_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                escalated.put(rs.getString(1), rs.getLong(2));
            }
        }
        Map<String, HealStats> out = new java.util.TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT workflow_id,"
                + " count(*) FILTER (WHERE status IN ('HEALED', 'PARTIAL', 'NOT_HEALED')),"
                + " count(*) FILTER (WHERE status IN ('HEALED', 'PARTIAL')),"
                + " count(*) FILTER (WHERE status IN ('HEALED', 'PARTIAL') AND locator = 'memory'),"
                + " count(*) FILTER (WHERE status = 'SKIPPED'),"
                + " count(*) FILTER (WHERE status = 'PENDING_APPROVAL'),"
                + " count(*) FILTER (WHERE status = 'PENDING_APPROVAL' OR (status IN ('HEALED', 'PARTIAL', 'NOT_HEALED')"
                + " AND proposal_id IS NULL)),"
                + " count(*) FILTER (WHERE status IN ('HEALED', 'PARTIAL') AND proposal_id IS NULL),"
                + " coalesce(sum(model_calls), 0), coalesce(sum(prompt_tokens), 0),"
                + " coalesce(sum(completion_tokens), 0), coalesce(sum(cost_usd), 0)"
                + " FROM heal WHERE namespace = :ns GROUP BY workflow_id ORDER BY workflow_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String w = rs.getString(1);
                out.put(w, HealStats.of(w, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7), rs.getLong(8), escalated.getOrDefault(w, 0L), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11), rs.getDouble(12)));
            }
        }
        for (Map.Entry<String, Long> e : escalated.entrySet()) {
            out.computeIfAbsent(e.getKey(), w -> HealStats.of(w, 0, 0, 0, 0, 0, 0, 0, e.getValue(), 0, 0, 0, 0));
        }
        return new ArrayList<>(out.values());
    }

    // ---- runs and step runs

    static long startRun(Tx c, String workflowId, String runner, long atMillis) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO run (namespace, workflow_id, runner, started_at,"
                + " status, failed_at_step) VALUES (:ns, ?, ?, ?, 'RUNNING', -1) RETURNING id")) {
            p.setString(1, workflowId);
            p.setString(2, runner);
            p.setLong(3, atMillis);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
