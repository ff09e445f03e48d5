package dev.healing.store.sqlite;

import dev.healing.api.store.EscalationRecord;
import dev.healing.api.Escalation;
import dev.healing.api.HealAttempt;
import dev.healing.api.Image;
import dev.healing.api.Proposal;
import dev.healing.api.StoreException;
import dev.healing.api.TrustLedger;
import dev.healing.api.store.TrustPolicy;
import dev.healing.store.jdbc.Columns;
import dev.healing.store.jdbc.OpsRowMapping;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for proposals, escalations and trust (schema version 3). Called inside a transaction. */
final class OpsRows {
    /** Trust of a workflow never seen: the shared {@link TrustPolicy#START}. */
    static final double START_TRUST = TrustPolicy.START;

    private OpsRows() {
    }

    // ---- trust

    static double trust(Tx c, String workflowId) throws SQLException {
        PreparedStatement p = c.cached("SELECT trust FROM trust WHERE workflow_id = ?");
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
        double next = TrustPolicy.next(trust(c, workflowId), event);
        String counter = event.name().toLowerCase(java.util.Locale.ROOT);
        PreparedStatement p = c.cached("INSERT INTO trust (workflow_id, trust, " + counter + ", updated_at)"
                + " VALUES (?, ?, 1, ?) ON CONFLICT (workflow_id) DO UPDATE SET trust = excluded.trust, "
                + counter + " = " + counter + " + 1, updated_at = excluded.updated_at");
        p.setString(1, workflowId);
        p.setDouble(2, next);
        p.setLong(3, nowMillis);
        p.executeUpdate();
        return next;
    }

    static Map<String, Double> trustLevels(Tx c) throws SQLException {
        Map<String, Double> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT workflow_id, trust FROM trust ORDER BY workflow_id")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getDouble(2));
            }
        }
        return out;
    }

    // ---- proposals

    static void submit(Tx c, Proposal p, byte[] evidence) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM proposal WHERE id = ?")) {
            exists.setString(1, p.id());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    throw new StoreException("proposal id " + p.id() + " is already used");
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO proposal (" + OpsRowMapping.PROPOSAL_COLUMNS
                + ") VALUES (" + Columns.marks(OpsRowMapping.PROPOSAL_COLUMN_COUNT) + ")")) {
            OpsRowMapping.bindProposal(s, p, evidence);
            s.executeUpdate();
        }
    }

    /** Proposals matching {@code where} (with its one string parameter, or null), with their pictures. */
    static List<Proposal> proposals(Tx c, String where, String param, String order, int limit) throws SQLException {
        List<Proposal> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + OpsRowMapping.PROPOSAL_COLUMNS + " FROM proposal"
                + (where == null ? "" : " WHERE " + where) + " ORDER BY " + order + " LIMIT ?")) {
            Columns.setFilterAndLimit(s, param, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(OpsRowMapping.proposal(rs));
                }
            }
        }
        return out;
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
        try (PreparedStatement s = c.prepareStatement("SELECT status FROM proposal WHERE id = ?")) {
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
                "UPDATE proposal SET status = ?, note = ?, resolved_at = ? WHERE id = ?")) {
            s.setString(1, status.name());
            Columns.setString(s, 2, note);
            s.setLong(3, nowMillis);
            s.setString(4, id);
            s.executeUpdate();
        }
        return was;
    }

    // ---- escalations

    static long insertEscalation(Tx c, Escalation e, OpsRowMapping.EscalationPngs pngs) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO escalation (" + OpsRowMapping.ESCALATION_COLUMNS
                + ") VALUES (" + Columns.marks(OpsRowMapping.ESCALATION_COLUMN_COUNT) + ")", Statement.RETURN_GENERATED_KEYS)) {
            OpsRowMapping.bindEscalation(s, e, pngs.own());
            s.executeUpdate();
            try (ResultSet rs = s.getGeneratedKeys()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO escalation_attempt ("
                + OpsRowMapping.ESCALATION_ATTEMPT_INSERT_COLUMNS + ") VALUES ("
                + Columns.marks(OpsRowMapping.ESCALATION_ATTEMPT_INSERT_COUNT) + ")")) {
            for (HealAttempt a : e.attempts()) {
                OpsRowMapping.bindEscalationAttempt(s, id, a, pngs.attempts().get(a.number()));
                s.executeUpdate();
            }
        }
        return id;
    }

    /** Escalations newest first; with pictures decoded when {@code pictures}; {@code id} 0 for any. */
    static List<EscalationRecord> escalations(Tx c, String workflowId, long id, int limit, boolean pictures)
            throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (workflowId != null) {
            where.append(" AND workflow_id = ?");
        }
        if (id != 0) {
            where.append(" AND id = ?");
        }
        List<EscalationRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + OpsRowMapping.ESCALATION_READ_COLUMNS + ","
                + (pictures ? " evidence_png" : " evidence_png IS NOT NULL") + " FROM escalation" + where
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
                    Image own = OpsRowMapping.picture(rs, 13, pictures, 0, numbers);
                    Escalation e = OpsRowMapping.escalation(rs, attempts(c, escId, pictures, numbers), own);
                    out.add(new EscalationRecord(escId, e, numbers));
                }
            }
        }
        return out;
    }

    private static List<HealAttempt> attempts(Tx c, long escalationId, boolean pictures, List<Integer> numbers)
            throws SQLException {
        List<HealAttempt> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + OpsRowMapping.ESCALATION_ATTEMPT_COLUMNS + ","
                + (pictures ? " evidence_png" : " evidence_png IS NOT NULL")
                + " FROM escalation_attempt WHERE escalation_id = ? ORDER BY number")) {
            s.setLong(1, escalationId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(OpsRowMapping.escalationAttempt(rs, pictures, numbers));
                }
            }
        }
        return out;
    }

    /** The PNG bytes of an escalation's picture ({@code number} 0) or of one attempt's, or null. */
    static byte[] escalationPng(Tx c, long id, int number) throws SQLException {
        String sql = number == 0 ? "SELECT evidence_png FROM escalation WHERE id = ?"
                : "SELECT evidence_png FROM escalation_attempt WHERE escalation_id = ? AND number = ?";
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
