package dev.healing.store.postgres;

import dev.healing.api.store.EscalationRecord;
import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Escalation;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.Rect;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.store.EvidencePng;
import dev.healing.api.store.TrustPolicy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for proposals, escalations and trust (schema version 3). Called inside a transaction. */
final class OpsRows {
    /** Trust of a workflow never seen: the shared {@link TrustPolicy#START}. */
    static final double START_TRUST = TrustPolicy.START;

    private static final String PROPOSAL_COLUMNS = "id, workflow_id, step_index, description, old_x, old_y, x, y,"
            + " box_x, box_y, box_width, box_height, confidence, locator, reasoning, approval_class, failure_kind,"
            + " reason, created_at, status, evidence_png";

    private OpsRows() {
    }

    // ---- trust

    static double trust(Tx c, String workflowId) throws SQLException {
        PreparedStatement p = c.cached("SELECT trust FROM trust WHERE namespace = :ns AND workflow_id = ?");
        p.setString(1, workflowId);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getDouble(1) : START_TRUST;
        }
    }

    /**
     * Adds one event, clamped to 0..1. Read and write happen in the caller's write transaction
     * ({@code BEGIN IMMEDIATE}), so concurrent processes never lose an event.
     */
    static double recordTrust(Tx c, String workflowId, TrustLedger.Event event, long nowMillis) throws SQLException {
        // The step is added by the server in one upsert, so concurrent runners never lose an event;
        // the values and the 0..1 clamp are TrustPolicy's.
        String counter = event.name().toLowerCase(java.util.Locale.ROOT);
        PreparedStatement p = c.cached("INSERT INTO trust AS t (namespace, workflow_id, trust, " + counter
                + ", updated_at) VALUES (:ns, ?, ?, 1, ?) ON CONFLICT (namespace, workflow_id) DO UPDATE SET"
                + " trust = greatest(0, least(1, t.trust + ?)), " + counter + " = t." + counter + " + 1,"
                + " updated_at = excluded.updated_at RETURNING trust");
        p.setString(1, workflowId);
        p.setDouble(2, TrustPolicy.next(TrustPolicy.START, event));
        p.setLong(3, nowMillis);
        p.setDouble(4, TrustPolicy.step(event));
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    static Map<String, Double> trustLevels(Tx c) throws SQLException {
        Map<String, Double> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT workflow_id, trust FROM trust WHERE namespace = :ns ORDER BY workflow_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getDouble(2));
            }
        }
        return out;
    }

    // ---- proposals

    static void submit(Tx c, Proposal p, byte[] evidence) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM proposal WHERE namespace = :ns AND id = ?")) {
            exists.setString(1, p.id());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    throw new StoreException("proposal id " + p.id() + " is already used");
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO proposal (namespace, " + PROPOSAL_COLUMNS
                + ") VALUES (:ns, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Candidate cand = p.candidate();
            s.setString(1, p.id());
            s.setString(2, p.workflowId());
            s.setInt(3, p.stepIndex());
            s.setString(4, p.description());
            HealLog.setPoint(s, 5, p.oldPoint());
            HealLog.setPoint(s, 7, cand.point());
            setBox(s, 9, cand.box());
            s.setDouble(13, cand.confidence());
            s.setString(14, cand.source());
            s.setString(15, cand.reasoning());
            s.setString(16, p.approvalClass().name());
            s.setString(17, p.failureKind().name());
            s.setString(18, p.reason());
            s.setLong(19, p.createdAt().toEpochMilli());
            s.setString(20, p.status().name());
            s.setBytes(21, evidence);
            s.executeUpdate();
        }
    }

    private static void setBox(PreparedStatement s, int index, Rect box) throws SQLException {
        int[] v = box == null ? null : new int[] {box.x(), box.y(), box.width(), box.height()};
        for (int k = 0; k < 4; k++) {
            if (v == null) {
                s.setNull(index + k, Types.INTEGER);
            } else {
                s.setInt(index + k, v[k]);
            }
        }
    }

    private static Rect box(ResultSet rs, int index) throws SQLException {
        int x = rs.getInt(index);
        return rs.wasNull() ? null : new Rect(x, rs.getInt(index + 1), rs.getInt(index + 2), rs.getInt(index + 3));
    }

    /** Proposals matching {@code where} (with its one string parameter, or null), with their pictures. */
    static List<Proposal> proposals(Tx c, String where, String param, String order, int limit) throws SQLException {
        List<Proposal> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + PROPOSAL_COLUMNS + " FROM proposal"
                + " WHERE namespace = :ns" + (where == null ? "" : " AND " + where) + " ORDER BY " + order + " LIMIT ?")) {
            int k = 1;
            if (param != null) {
                s.setString(k++, param);
            }
            s.setInt(k, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(proposal(rs));
                }
            }
        }
        return out;
    }

    private static Proposal proposal(ResultSet rs) throws SQLException {
        Candidate cand = new Candidate(new Point(rs.getInt(7), rs.getInt(8)), box(rs, 9), rs.getDouble(13),
                rs.getString(14), rs.getString(15));
        byte[] png = rs.getBytes(21);
        return new Proposal(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                new Point(rs.getInt(5), rs.getInt(6)), cand, ApprovalClass.valueOf(rs.getString(16)),
                FailureKind.valueOf(rs.getString(17)), rs.getString(18), Instant.ofEpochMilli(rs.getLong(19)),
                Proposal.Status.valueOf(rs.getString(20)), png == null ? null : EvidencePng.decode(png));
    }

    /**
     * Moves a proposal to {@code status} if it is in one of {@code from} (all statuses when empty).
     *
     * @return the status it had
     * @throws StoreException if there is no such proposal, or it is in another status
     */
    static Proposal.Status resolve(Tx c, String id, Proposal.Status status, String note, long nowMillis,
                                   Proposal.Status... from) throws SQLException {
        Proposal.Status was;
        try (PreparedStatement s = c.prepareStatement("SELECT status FROM proposal WHERE namespace = :ns AND id = ? FOR UPDATE")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no proposal " + id);
                }
                was = Proposal.Status.valueOf(rs.getString(1));
            }
        }
        if (from.length > 0 && !Arrays.asList(from).contains(was)) {
            throw new StoreException("proposal " + id + " is " + was + ", not " + Arrays.toString(from));
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE proposal SET status = ?, note = ?, resolved_at = ? WHERE namespace = :ns AND id = ?")) {
            s.setString(1, status.name());
            HealLog.setString(s, 2, note);
            s.setLong(3, nowMillis);
            s.setString(4, id);
            s.executeUpdate();
        }
        return was;
    }

    // ---- escalations

    /** The PNG pictures of an escalation: its own and each attempt's by number, or nulls. */
    record EscalationPngs(byte[] own, Map<Integer, byte[]> attempts) {
        static EscalationPngs of(Escalation e) {
            Map<Integer, byte[]> attempts = new LinkedHashMap<>();
            for (HealAttempt a : e.attempts()) {
                if (a.evidence() != null) {
                    attempts.put(a.number(), EvidencePng.encode(a.evidence()));
                }
            }
            return new EscalationPngs(e.evidence() == null ? null : EvidencePng.encode(e.evidence()), attempts);
        }
    }

    static long insertEscalation(Tx c, Escalation e, EscalationPngs pngs) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO escalation (namespace, workflow_id, step_index,"
                + " description, old_x, old_y, failure_kind, reason, workflow_location, backups, suggested_action,"
                + " evidence_png, at) VALUES (:ns, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            s.setString(1, e.workflowId());
            s.setInt(2, e.stepIndex());
            s.setString(3, e.description());
            HealLog.setPoint(s, 4, e.oldPoint());
            s.setString(6, e.failureKind().name());
            s.setString(7, e.reason());
            s.setString(8, e.workflowLocation());
            s.setString(9, String.join("\n", e.backups()));
            s.setString(10, e.suggestedAction());
            s.setBytes(11, pngs.own());
            s.setLong(12, e.at().toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO escalation_attempt (namespace, escalation_id, number, x, y,"
                + " box_x, box_y, box_width, box_height, confidence, locator, reasoning, verified, verify_success,"
                + " verify_failed_at_step, verify_similarity, accepted, note, evidence_png)"
                + " VALUES (:ns, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (HealAttempt a : e.attempts()) {
                HealLog.bindAttempt(s, id, a);
                s.setBytes(18, pngs.attempts().get(a.number()));
                s.executeUpdate();
            }
        }
        return id;
    }

    /** Escalations newest first; with pictures decoded when {@code pictures}; {@code id} 0 for any. */
    static List<EscalationRecord> escalations(Tx c, String workflowId, long id, int limit, boolean pictures)
            throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE namespace = :ns");
        if (workflowId != null) {
            where.append(" AND workflow_id = ?");
        }
        if (id != 0) {
            where.append(" AND id = ?");
        }
        List<EscalationRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, workflow_id, step_index, description, old_x, old_y,"
                + " failure_kind, reason, workflow_location, backups, suggested_action, at,"
                + (pictures ? " evidence_png" : " (evidence_png IS NOT NULL)::int") + " FROM escalation" + where
                + " ORDER BY id DESC LIMIT ?")) {
            int k = 1;
            if (workflowId != null) {
                s.setString(k++, workflowId);
            }
            if (id != 0) {
                s.setLong(k++, id);
            }
            s.setInt(k, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long escId = rs.getLong(1);
                    List<Integer> numbers = new ArrayList<>();
                    Image own = null;
                    if (pictures) {
                        byte[] png = rs.getBytes(13);
                        own = png == null ? null : EvidencePng.decode(png);
                    }
                    if (pictures ? own != null : rs.getInt(13) == 1) {
                        numbers.add(0);
                    }
                    String backups = rs.getString(10);
                    List<HealAttempt> attempts = attempts(c, escId, pictures, numbers);
                    Escalation e = new Escalation(rs.getString(2), rs.getInt(3), rs.getString(4),
                            HealLog.point(rs.getObject(5), rs.getObject(6)), FailureKind.valueOf(rs.getString(7)),
                            rs.getString(8), attempts, rs.getString(9),
                            backups.isEmpty() ? List.of() : List.of(backups.split("\n")), rs.getString(11), own,
                            Instant.ofEpochMilli(rs.getLong(12)));
                    out.add(new EscalationRecord(escId, e, numbers));
                }
            }
        }
        return out;
    }

    private static List<HealAttempt> attempts(Tx c, long escalationId, boolean pictures, List<Integer> numbers)
            throws SQLException {
        List<HealAttempt> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT escalation_id, number, x, y, box_x, box_y, box_width,"
                + " box_height, confidence, locator, reasoning, verified, verify_success, verify_failed_at_step,"
                + " verify_similarity, accepted, note," + (pictures ? " evidence_png" : " (evidence_png IS NOT NULL)::int")
                + " FROM escalation_attempt WHERE namespace = :ns AND escalation_id = ? ORDER BY number")) {
            s.setLong(1, escalationId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    HealAttempt a = HealLog.attempt(rs);
                    Image picture = null;
                    if (pictures) {
                        byte[] png = rs.getBytes(18);
                        picture = png == null ? null : EvidencePng.decode(png);
                    }
                    if (pictures ? picture != null : rs.getInt(18) == 1) {
                        numbers.add(a.number());
                    }
                    out.add(new HealAttempt(a.number(), a.candidate(), a.verification(), a.accepted(), a.note(),
                            picture));
                }
            }
        }
        return out;
    }

    /** The PNG bytes of an escalation's picture ({@code number} 0) or of one attempt's, or null. */
    static byte[] escalationPng(Tx c, long id, int number) throws SQLException {
        String sql = number == 0 ? "SELECT evidence_png FROM escalation WHERE namespace = :ns AND id = ?"
                : "SELECT evidence_png FROM escalation_attempt WHERE namespace = :ns AND escalation_id = ? AND number = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            if (number != 0) {
                s.setInt(2, number);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }
}
