package dev.healing.store.sqlite;

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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for the heal and attempt log, runs and step runs ({@link #RUNS}). Called inside a transaction. */
final class HealLog {
    /** The run log after a run has started ({@link RunQueries} runs this SQL). */
    static final RunQueries RUNS = new RunQueries(new RunQueries.Sql(
            "UPDATE run SET finished_at = ?, status = ?, failed_at_step = ? WHERE id = ? AND status = 'RUNNING'",
            "SELECT id, workflow_id, runner, started_at, finished_at, status, failed_at_step FROM run"
                    + " ORDER BY id DESC LIMIT ?",
            "SELECT id, workflow_id, runner, started_at, finished_at, status, failed_at_step FROM run"
                    + " WHERE workflow_id = ? ORDER BY id DESC LIMIT ?",
            "INSERT INTO step_run (run_id, workflow_id, step_index, similarity, passed, at) VALUES (?, ?, ?, ?, ?, ?)",
            "SELECT similarity, passed, at, coalesce(run_id, 0) FROM step_run WHERE workflow_id = ? AND step_index = ?"
                    + " ORDER BY id DESC LIMIT ?"));

    private HealLog() {
    }

    /**
     * Inserts the heals and their attempts as JDBC batches; ids are assigned here, which is safe
     * because the caller holds the write lock ({@code BEGIN IMMEDIATE}).
     *
     * @return the id of each heal, in order
     */
    static long[] insert(Tx c, List<HealEvent> events, List<HealRows.EvidencePngs> pictures, long nowMillis)
            throws SQLException {
        long next;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM heal")) {
            rs.next();
            next = rs.getLong(1) + 1;
        }
        long[] ids = new long[events.size()];
        int i = 0;
        boolean anyAttempts = false;
        try (PreparedStatement heal = c.prepareStatement("INSERT INTO heal (" + HealRows.HEAL_COLUMNS + ") VALUES ("
                + Columns.marks(HealRows.HEAL_COLUMN_COUNT) + ")");
             PreparedStatement attempt = c.prepareStatement("INSERT INTO heal_attempt (" + HealRows.ATTEMPT_COLUMNS
                     + ") VALUES (" + Columns.marks(HealRows.ATTEMPT_COLUMN_COUNT) + ")")) {
            for (HealEvent e : events) {
                long id = next++;
                ids[i++] = id;
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

    private static void insertEvidence(Tx c, long[] ids, List<HealRows.EvidencePngs> pictures) throws SQLException {
        try (PreparedStatement heal = c.prepareStatement("INSERT INTO heal_evidence (heal_id, png) VALUES (?, ?)");
             PreparedStatement attempt = c.prepareStatement(
                     "INSERT INTO attempt_evidence (heal_id, number, png) VALUES (?, ?, ?)")) {
            for (int i = 0; i < ids.length; i++) {
                HealRows.EvidencePngs e = pictures.get(i);
                if (e.heal() != null) {
                    heal.setLong(1, ids[i]);
                    heal.setBytes(2, e.heal());
                    heal.executeUpdate();
                }
                for (Map.Entry<Integer, byte[]> a : e.attempts().entrySet()) {
                    attempt.setLong(1, ids[i]);
                    attempt.setInt(2, a.getKey());
                    attempt.setBytes(3, a.getValue());
                    attempt.executeUpdate();
                }
            }
        }
    }

    /** The PNG bytes of a heal's picture ({@code number} 0) or of one attempt's, if stored. */
    static byte[] evidencePng(Tx c, long healId, int number) throws SQLException {
        String sql = number == 0 ? "SELECT png FROM heal_evidence WHERE heal_id = ?"
                : "SELECT png FROM attempt_evidence WHERE heal_id = ? AND number = ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, healId);
            if (number != 0) {
                p.setInt(2, number);
            }
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** The most recent heals first, with their attempts; {@code workflowId} null for all workflows. */
    static List<HealRecord> history(Tx c, String workflowId, int limit) throws SQLException {
        String where = workflowId == null ? "" : " WHERE workflow_id = ?";
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
                + " FROM heal_attempt WHERE heal_id BETWEEN ? AND ? ORDER BY heal_id, number")) {
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
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT workflow_id, count(*) FROM escalation GROUP BY workflow_id")) {
            while (rs.next()) {
                escalated.put(rs.getString(1), rs.getLong(2));
            }
        }
        Map<String, HealStats> out = new java.util.TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT workflow_id,"
                + " sum(status IN ('HEALED', 'PARTIAL', 'NOT_HEALED')), sum(status IN ('HEALED', 'PARTIAL')),"
                + " sum(status IN ('HEALED', 'PARTIAL') AND locator = 'memory'), sum(status = 'SKIPPED'),"
                + " sum(status = 'PENDING_APPROVAL'),"
                + " sum(status = 'PENDING_APPROVAL' OR (status IN ('HEALED', 'PARTIAL', 'NOT_HEALED')"
                + " AND proposal_id IS NULL)),"
                + " sum(status IN ('HEALED', 'PARTIAL') AND proposal_id IS NULL),"
                + " sum(model_calls), sum(prompt_tokens), sum(completion_tokens),"
                + " total(cost_usd) FROM heal GROUP BY workflow_id ORDER BY workflow_id")) {
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
        try (PreparedStatement p = c.prepareStatement("INSERT INTO run (workflow_id, runner, started_at, status,"
                + " failed_at_step) VALUES (?, ?, ?, 'RUNNING', -1)", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, workflowId);
            p.setString(2, runner);
            p.setLong(3, atMillis);
            p.executeUpdate();
            try (ResultSet rs = p.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
