package dev.healing.store.sqlite;

import dev.healing.api.store.EvidencePng;
import dev.healing.api.store.HealEvent;
import dev.healing.api.store.HealRecord;
import dev.healing.api.store.HealStats;
import dev.healing.api.store.RunRecord;
import dev.healing.api.store.RunStatus;
import dev.healing.api.store.StepRun;
import dev.healing.api.store.Strategies;
import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.api.VerificationResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** SQL for the heal and attempt log, runs and step runs. Called inside a transaction. */
final class HealLog {
    private static final String HEAL_COLUMNS = "id, workflow_id, step_index, similarity, consecutive_failures,"
            + " failure_kind, strategy, status, locator, old_x, old_y, new_x, new_y, confidence, attempts, reasoning,"
            + " reason, failed_at_step, cost_usd, prompt_tokens, completion_tokens, model_calls, duration_ms,"
            + " started_at, finished_at, history_size, approval_class, proposal_id";
    private static final String ATTEMPT_COLUMNS = "heal_id, number, x, y, box_x, box_y, box_width, box_height,"
            + " confidence, locator, reasoning, verified, verify_success, verify_failed_at_step, verify_similarity,"
            + " accepted, note";

    private HealLog() {
    }

    /** The strategy a failure kind calls for (ARCHITECTURE.md, the loop, step 3). */
    static String strategy(FailureKind kind) {
        return Strategies.forKind(kind);
    }

    /**
     * Inserts the heals and their attempts as JDBC batches; ids are assigned here, which is safe
     * because the caller holds the write lock ({@code BEGIN IMMEDIATE}).
     *
     * @return the id of each heal, in order
     */
    static long[] insert(Tx c, List<HealEvent> events, List<EvidencePngs> pictures, long nowMillis)
            throws SQLException {
        long next;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM heal")) {
            rs.next();
            next = rs.getLong(1) + 1;
        }
        long[] ids = new long[events.size()];
        int i = 0;
        boolean anyAttempts = false;
        try (PreparedStatement heal = c.prepareStatement("INSERT INTO heal (" + HEAL_COLUMNS + ") VALUES ("
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement attempt = c.prepareStatement("INSERT INTO heal_attempt (" + ATTEMPT_COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (HealEvent e : events) {
                long id = next++;
                ids[i++] = id;
                HealResult r = e.result();
                long finished = e.finishedAt() == null ? nowMillis : e.finishedAt().toEpochMilli();
                long duration = r.duration().toMillis();
                heal.setLong(1, id);
                heal.setString(2, r.workflowId());
                heal.setInt(3, r.stepIndex());
                heal.setDouble(4, e.request().similarity());
                heal.setInt(5, e.request().consecutiveFailures());
                heal.setString(6, r.failureKind().name());
                heal.setString(7, strategy(r.failureKind()));
                heal.setString(8, r.status().name());
                setString(heal, 9, r.locator().orElse(null));
                setPoint(heal, 10, r.oldPoint().orElse(null));
                setPoint(heal, 12, r.newPoint().orElse(null));
                heal.setDouble(14, r.confidence().orElse(0));
                heal.setInt(15, r.attempts());
                heal.setString(16, r.candidate().map(Candidate::reasoning)
                        .orElse(String.join("; ", r.trace().notes())));
                setString(heal, 17, r.reason());
                heal.setInt(18, r.failedAtStep().orElse(-1));
                heal.setDouble(19, r.cost().usd());
                heal.setLong(20, r.cost().promptTokens());
                heal.setLong(21, r.cost().completionTokens());
                heal.setInt(22, r.cost().calls());
                heal.setLong(23, duration);
                heal.setLong(24, finished - duration);
                heal.setLong(25, finished);
                heal.setInt(26, r.history().size());
                setString(heal, 27, r.approvalClass().map(Enum::name).orElse(null));
                setString(heal, 28, r.proposalId().orElse(null));
                heal.addBatch();
                for (HealAttempt a : r.history()) {
                    bindAttempt(attempt, id, a);
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

    /** The PNG pictures of one heal: the result's and each attempt's (by attempt number), or nulls. */
    record EvidencePngs(byte[] heal, Map<Integer, byte[]> attempts) {
        /** Encodes each distinct picture once: the result's is usually its last attempt's. */
        static EvidencePngs of(HealResult r) {
            Map<Image, byte[]> encoded = new java.util.IdentityHashMap<>();
            Map<Integer, byte[]> attempts = new LinkedHashMap<>();
            for (HealAttempt a : r.history()) {
                if (a.evidence() != null) {
                    attempts.put(a.number(), encoded.computeIfAbsent(a.evidence(), EvidencePng::encode));
                }
            }
            return new EvidencePngs(r.evidence().map(e -> encoded.computeIfAbsent(e, EvidencePng::encode)).orElse(null),
                    attempts);
        }
    }

    private static void insertEvidence(Tx c, long[] ids, List<EvidencePngs> pictures) throws SQLException {
        try (PreparedStatement heal = c.prepareStatement("INSERT INTO heal_evidence (heal_id, png) VALUES (?, ?)");
             PreparedStatement attempt = c.prepareStatement(
                     "INSERT INTO attempt_evidence (heal_id, number, png) VALUES (?, ?, ?)")) {
            for (int i = 0; i < ids.length; i++) {
                EvidencePngs e = pictures.get(i);
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

    static void bindAttempt(PreparedStatement p, long healId, HealAttempt a) throws SQLException {
        Candidate cand = a.candidate();
        p.setLong(1, healId);
        p.setInt(2, a.number());
        p.setInt(3, cand.point().x());
        p.setInt(4, cand.point().y());
        Rect box = cand.box();
        for (int k = 0; k < 4; k++) {
            if (box == null) {
                p.setNull(5 + k, Types.INTEGER);
            } else {
                p.setInt(5 + k, switch (k) {
                    case 0 -> box.x();
                    case 1 -> box.y();
                    case 2 -> box.width();
                    default -> box.height();
                });
            }
        }
        p.setDouble(9, cand.confidence());
        p.setString(10, cand.source());
        p.setString(11, cand.reasoning());
        VerificationResult v = a.verification();
        p.setInt(12, v == null ? 0 : 1);
        if (v == null) {
            p.setNull(13, Types.INTEGER);
            p.setNull(14, Types.INTEGER);
            p.setNull(15, Types.REAL);
        } else {
            p.setInt(13, v.success() ? 1 : 0);
            p.setInt(14, v.failedAtStep());
            p.setDouble(15, v.similarity());
        }
        p.setInt(16, a.accepted() ? 1 : 0);
        p.setString(17, a.note());
    }

    static void setString(PreparedStatement p, int index, String value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.VARCHAR);
        } else {
            p.setString(index, value);
        }
    }

    static void setPoint(PreparedStatement p, int index, Point point) throws SQLException {
        if (point == null) {
            p.setNull(index, Types.INTEGER);
            p.setNull(index + 1, Types.INTEGER);
        } else {
            p.setInt(index, point.x());
            p.setInt(index + 1, point.y());
        }
    }

    /** The most recent heals first, with their attempts; {@code workflowId} null for all workflows. */
    static List<HealRecord> history(Tx c, String workflowId, int limit) throws SQLException {
        String where = workflowId == null ? "" : " WHERE workflow_id = ?";
        Map<Long, Object[]> heals = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + HEAL_COLUMNS + " FROM heal" + where
                + " ORDER BY id DESC LIMIT ?")) {
            int k = 1;
            if (workflowId != null) {
                p.setString(k++, workflowId);
            }
            p.setInt(k, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[28];
                    for (int col = 0; col < row.length; col++) {
                        row[col] = rs.getObject(col + 1);
                    }
                    heals.put(rs.getLong(1), row);
                }
            }
        }
        if (heals.isEmpty()) {
            return List.of();
        }
        long minId = heals.keySet().stream().mapToLong(Long::longValue).min().orElse(0);
        long maxId = heals.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<Long, List<HealAttempt>> attempts = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + ATTEMPT_COLUMNS
                + " FROM heal_attempt WHERE heal_id BETWEEN ? AND ? ORDER BY heal_id, number")) {
            p.setLong(1, minId);
            p.setLong(2, maxId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long healId = rs.getLong(1);
                    if (heals.containsKey(healId)) {
                        attempts.computeIfAbsent(healId, id -> new ArrayList<>()).add(attempt(rs));
                    }
                }
            }
        }
        List<HealRecord> out = new ArrayList<>(heals.size());
        for (Map.Entry<Long, Object[]> e : heals.entrySet()) {
            out.add(record(e.getValue(), attempts.getOrDefault(e.getKey(), List.of())));
        }
        return out;
    }

    static HealAttempt attempt(ResultSet rs) throws SQLException {
        Rect box = null;
        int bx = rs.getInt(5);
        if (!rs.wasNull()) {
            box = new Rect(bx, rs.getInt(6), rs.getInt(7), rs.getInt(8));
        }
        Candidate cand = new Candidate(new Point(rs.getInt(3), rs.getInt(4)), box, rs.getDouble(9), rs.getString(10),
                rs.getString(11));
        VerificationResult v = rs.getInt(12) == 0 ? null
                : new VerificationResult(rs.getInt(13) == 1, rs.getInt(14), rs.getDouble(15));
        return new HealAttempt(rs.getInt(2), cand, v, rs.getInt(16) == 1, rs.getString(17), null);
    }

    private static HealRecord record(Object[] r, List<HealAttempt> attempts) {
        Cost cost = new Cost(num(r[21]).intValue(), num(r[19]).longValue(), num(r[20]).longValue(),
                num(r[18]).doubleValue());
        HealStatus status = HealStatus.valueOf((String) r[7]);
        Point newPoint = point(r[11], r[12]);
        String reasoning = r[15] == null ? "" : (String) r[15];
        Optional<Candidate> winner = newPoint == null ? Optional.empty()
                : Optional.of(new Candidate(newPoint, null, num(r[13]).doubleValue(),
                        r[8] == null ? "unknown" : (String) r[8], reasoning));
        HealResult.Trace trace = new HealResult.Trace((String) r[1], num(r[2]).intValue(),
                Optional.ofNullable(point(r[9], r[10])), FailureKind.valueOf((String) r[5]), attempts,
                winner.isEmpty() && !reasoning.isEmpty() ? List.of(reasoning) : List.of(), cost,
                Duration.ofMillis(num(r[22]).longValue()), Optional.empty());
        HealResult result = new HealResult(status, trace, status == HealStatus.NOT_HEALED ? Optional.empty() : winner,
                (String) r[16], status == HealStatus.PARTIAL ? OptionalInt.of(num(r[17]).intValue()) : OptionalInt.empty(),
                Optional.ofNullable(r[26] == null ? null : ApprovalClass.valueOf((String) r[26])),
                Optional.ofNullable((String) r[27]), Optional.empty());
        return new HealRecord(num(r[0]).longValue(), Instant.ofEpochMilli(num(r[23]).longValue()),
                Instant.ofEpochMilli(num(r[24]).longValue()), num(r[3]).doubleValue(), num(r[4]).intValue(),
                (String) r[6], result);
    }

    private static Number num(Object o) {
        return (Number) o;
    }

    static Point point(Object x, Object y) {
        return x == null || y == null ? null : new Point(num(x).intValue(), num(y).intValue());
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

    static int finishRun(Tx c, long runId, boolean passed, int failedAtStep, long atMillis)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE run SET finished_at = ?, status = ?, failed_at_step = ?"
                + " WHERE id = ? AND status = 'RUNNING'")) {
            p.setLong(1, atMillis);
            p.setString(2, passed ? RunStatus.PASSED.name() : RunStatus.FAILED.name());
            p.setInt(3, passed ? -1 : failedAtStep);
            p.setLong(4, runId);
            return p.executeUpdate();
        }
    }

    static List<RunRecord> runs(Tx c, String workflowId, int limit) throws SQLException {
        String where = workflowId == null ? "" : " WHERE workflow_id = ?";
        List<RunRecord> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, workflow_id, runner, started_at, finished_at,"
                + " status, failed_at_step FROM run" + where + " ORDER BY id DESC LIMIT ?")) {
            int k = 1;
            if (workflowId != null) {
                p.setString(k++, workflowId);
            }
            p.setInt(k, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), MemoryRows.instant(rs, 5),
                            RunStatus.valueOf(rs.getString(6)), rs.getInt(7)));
                }
            }
        }
        return out;
    }

    static void insertStepRuns(Tx c, Collection<StepRun> runs, long nowMillis) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO step_run (run_id, workflow_id, step_index,"
                + " similarity, passed, at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (StepRun r : runs) {
                if (r.runId() > 0) {
                    p.setLong(1, r.runId());
                } else {
                    p.setNull(1, Types.INTEGER);
                }
                p.setString(2, r.workflowId());
                p.setInt(3, r.stepIndex());
                p.setDouble(4, r.similarity());
                p.setInt(5, r.passed() ? 1 : 0);
                p.setLong(6, r.at() == null ? nowMillis : r.at().toEpochMilli());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The step's most recent runs, oldest first. */
    static List<StepRun> stepRuns(Tx c, String workflowId, int stepIndex, int limit) throws SQLException {
        List<StepRun> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT similarity, passed, at, coalesce(run_id, 0)"
                + " FROM step_run WHERE workflow_id = ? AND step_index = ? ORDER BY id DESC LIMIT ?")) {
            p.setString(1, workflowId);
            p.setInt(2, stepIndex);
            p.setInt(3, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(0, new StepRun(workflowId, stepIndex, rs.getDouble(1), rs.getInt(2) == 1,
                            Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4)));
                }
            }
        }
        return out;
    }
}
