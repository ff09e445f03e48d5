package dev.healing.store.jdbc;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Escalation;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.Proposal;
import dev.healing.api.store.EvidencePng;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of the {@code proposal}, {@code escalation} and {@code escalation_attempt} tables. */
public final class OpsRowMapping {
    /** The proposal columns, in binding and reading order. */
    public static final String PROPOSAL_COLUMNS = "id, workflow_id, step_index, description, old_x, old_y, x, y,"
            + " box_x, box_y, box_width, box_height, confidence, locator, reasoning, approval_class, failure_kind,"
            + " reason, created_at, status, evidence_png";
    /** How many {@link #PROPOSAL_COLUMNS} there are. */
    public static final int PROPOSAL_COLUMN_COUNT = 21;
    /** The escalation columns an insert binds, in order (the id is the table's). */
    public static final String ESCALATION_COLUMNS = "workflow_id, step_index, description, old_x, old_y, failure_kind,"
            + " reason, workflow_location, backups, suggested_action, evidence_png, at";
    /** How many {@link #ESCALATION_COLUMNS} there are. */
    public static final int ESCALATION_COLUMN_COUNT = 12;
    /** The escalation columns {@link #escalation} reads, in order, before the picture column (or its presence). */
    public static final String ESCALATION_READ_COLUMNS = "id, workflow_id, step_index, description, old_x, old_y,"
            + " failure_kind, reason, workflow_location, backups, suggested_action, at";
    /**
     * An escalation's attempt: an attempt's columns ({@link HealRows#ATTEMPT_COLUMNS}, keyed by the
     * escalation), then the picture column {@code evidence_png} (18th) that inserts bind and reads
     * select as the picture or as whether there is one.
     */
    public static final String ESCALATION_ATTEMPT_COLUMNS = "escalation_id, number, x, y, box_x, box_y, box_width,"
            + " box_height, confidence, locator, reasoning, verified, verify_success, verify_failed_at_step,"
            + " verify_similarity, accepted, note";
    /** What an insert of an escalation's attempt binds: {@link #ESCALATION_ATTEMPT_COLUMNS} and the picture. */
    public static final String ESCALATION_ATTEMPT_INSERT_COLUMNS = ESCALATION_ATTEMPT_COLUMNS + ", evidence_png";
    /** How many {@link #ESCALATION_ATTEMPT_INSERT_COLUMNS} there are. */
    public static final int ESCALATION_ATTEMPT_INSERT_COUNT = 18;

    private OpsRowMapping() {
    }

    /** Binds parameters 1..21 of an insert of {@link #PROPOSAL_COLUMNS}; {@code evidence} is the PNG or null. */
    public static void bindProposal(PreparedStatement s, Proposal p, byte[] evidence) throws SQLException {
        Candidate cand = p.candidate();
        s.setString(1, p.id());
        s.setString(2, p.workflowId());
        s.setInt(3, p.stepIndex());
        s.setString(4, p.description());
        Columns.setPoint(s, 5, p.oldPoint());
        Columns.setPoint(s, 7, cand.point());
        Columns.setBox(s, 9, cand.box());
        s.setDouble(13, cand.confidence());
        s.setString(14, cand.source());
        s.setString(15, cand.reasoning());
        s.setString(16, p.approvalClass().name());
        s.setString(17, p.failureKind().name());
        s.setString(18, p.reason());
        s.setLong(19, p.createdAt().toEpochMilli());
        s.setString(20, p.status().name());
        s.setBytes(21, evidence);
    }

    /** @return the proposal in the {@link #PROPOSAL_COLUMNS} of the current row, its picture decoded */
    public static Proposal proposal(ResultSet rs) throws SQLException {
        Candidate cand = new Candidate(new Point(rs.getInt(7), rs.getInt(8)), Columns.box(rs, 9), rs.getDouble(13),
                rs.getString(14), rs.getString(15));
        byte[] png = rs.getBytes(21);
        return new Proposal(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                new Point(rs.getInt(5), rs.getInt(6)), cand, ApprovalClass.valueOf(rs.getString(16)),
                FailureKind.valueOf(rs.getString(17)), rs.getString(18), Instant.ofEpochMilli(rs.getLong(19)),
                Proposal.Status.valueOf(rs.getString(20)), png == null ? null : EvidencePng.decode(png));
    }

    /** The PNG pictures of an escalation: its own and each attempt's by number, or nulls. */
    public record EscalationPngs(byte[] own, Map<Integer, byte[]> attempts) {
        /** Encodes the pictures of {@code e}. */
        public static EscalationPngs of(Escalation e) {
            Map<Integer, byte[]> attempts = new LinkedHashMap<>();
            for (HealAttempt a : e.attempts()) {
                if (a.evidence() != null) {
                    attempts.put(a.number(), EvidencePng.encode(a.evidence()));
                }
            }
            return new EscalationPngs(e.evidence() == null ? null : EvidencePng.encode(e.evidence()), attempts);
        }
    }

    /** Binds parameters 1..12 of an insert of {@link #ESCALATION_COLUMNS}. */
    public static void bindEscalation(PreparedStatement s, Escalation e, byte[] png) throws SQLException {
        s.setString(1, e.workflowId());
        s.setInt(2, e.stepIndex());
        s.setString(3, e.description());
        Columns.setPoint(s, 4, e.oldPoint());
        s.setString(6, e.failureKind().name());
        s.setString(7, e.reason());
        s.setString(8, e.workflowLocation());
        s.setString(9, String.join("\n", e.backups()));
        s.setString(10, e.suggestedAction());
        s.setBytes(11, png);
        s.setLong(12, e.at().toEpochMilli());
    }

    /** Binds parameters 1..18 of an insert of {@link #ESCALATION_ATTEMPT_INSERT_COLUMNS}. */
    public static void bindEscalationAttempt(PreparedStatement s, long escalationId, HealAttempt a, byte[] png)
            throws SQLException {
        HealRows.bindAttempt(s, escalationId, a);
        s.setBytes(18, png);
    }

    /**
     * @return the escalation in the {@link #ESCALATION_READ_COLUMNS} of the current row, with its
     *         attempts and picture as read by the caller
     */
    public static Escalation escalation(ResultSet rs, List<HealAttempt> attempts, Image own) throws SQLException {
        String backups = rs.getString(10);
        return new Escalation(rs.getString(2), rs.getInt(3), rs.getString(4),
                Columns.point(rs.getObject(5), rs.getObject(6)), FailureKind.valueOf(rs.getString(7)),
                rs.getString(8), attempts, rs.getString(9),
                backups.isEmpty() ? List.of() : List.of(backups.split("\n")), rs.getString(11), own,
                Instant.ofEpochMilli(rs.getLong(12)));
    }

    /**
     * Reads the picture column {@code column} of the current row: with {@code pictures} the PNG
     * decoded (or null), else null; adds {@code number} to {@code numbers} when a picture is stored
     * (without {@code pictures} the column holds 1 or 0 for whether it is).
     */
    public static Image picture(ResultSet rs, int column, boolean pictures, int number, List<Integer> numbers)
            throws SQLException {
        Image picture = null;
        if (pictures) {
            byte[] png = rs.getBytes(column);
            picture = png == null ? null : EvidencePng.decode(png);
        }
        if (pictures ? picture != null : rs.getInt(column) == 1) {
            numbers.add(number);
        }
        return picture;
    }

    /**
     * @return the escalation attempt in the {@link #ESCALATION_ATTEMPT_COLUMNS} and picture column
     *         of the current row, see {@link #picture}
     */
    public static HealAttempt escalationAttempt(ResultSet rs, boolean pictures, List<Integer> numbers)
            throws SQLException {
        HealAttempt a = HealRows.attempt(rs);
        Image picture = picture(rs, 18, pictures, a.number(), numbers);
        return new HealAttempt(a.number(), a.candidate(), a.verification(), a.accepted(), a.note(), picture);
    }
}
