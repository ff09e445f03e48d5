package dev.healing.store.jdbc;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.api.store.EvidencePng;
import dev.healing.api.store.HealEvent;
import dev.healing.api.store.HealRecord;
import dev.healing.api.store.Strategies;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The rows of the {@code heal} and {@code heal_attempt} tables (and of {@code escalation_attempt},
 * whose first 17 columns are an attempt's): their columns in order, binding a heal or an attempt
 * to an insert, and reading them back.
 */
public final class HealRows {
    /** The heal columns, in binding and reading order. */
    public static final String HEAL_COLUMNS = "id, workflow_id, step_index, similarity, consecutive_failures,"
            + " failure_kind, strategy, status, locator, old_x, old_y, new_x, new_y, confidence, attempts, reasoning,"
            + " reason, failed_at_step, cost_usd, prompt_tokens, completion_tokens, model_calls, duration_ms,"
            + " started_at, finished_at, history_size, approval_class, proposal_id";
    /** How many {@link #HEAL_COLUMNS} there are. */
    public static final int HEAL_COLUMN_COUNT = 28;
    /** The attempt columns, in binding and reading order. */
    public static final String ATTEMPT_COLUMNS = "heal_id, number, x, y, box_x, box_y, box_width, box_height,"
            + " confidence, locator, reasoning, verified, verify_success, verify_failed_at_step, verify_similarity,"
            + " accepted, note";
    /** How many {@link #ATTEMPT_COLUMNS} there are. */
    public static final int ATTEMPT_COLUMN_COUNT = 17;

    private HealRows() {
    }

    /** Binds parameters 1..28 of an insert of {@link #HEAL_COLUMNS}; {@code nowMillis} stands in for an unset finish time. */
    public static void bindHeal(PreparedStatement heal, long id, HealEvent e, long nowMillis) throws SQLException {
        HealResult r = e.result();
        long finished = e.finishedAt() == null ? nowMillis : e.finishedAt().toEpochMilli();
        long duration = r.duration().toMillis();
        heal.setLong(1, id);
        heal.setString(2, r.workflowId());
        heal.setInt(3, r.stepIndex());
        heal.setDouble(4, e.request().similarity());
        heal.setInt(5, e.request().consecutiveFailures());
        heal.setString(6, r.failureKind().name());
        heal.setString(7, Strategies.forKind(r.failureKind()));
        heal.setString(8, r.status().name());
        Columns.setString(heal, 9, r.locator().orElse(null));
        Columns.setPoint(heal, 10, r.oldPoint().orElse(null));
        Columns.setPoint(heal, 12, r.newPoint().orElse(null));
        heal.setDouble(14, r.confidence().orElse(0));
        heal.setInt(15, r.attempts());
        heal.setString(16, r.candidate().map(Candidate::reasoning).orElse(String.join("; ", r.trace().notes())));
        Columns.setString(heal, 17, r.reason());
        heal.setInt(18, r.failedAtStep().orElse(-1));
        heal.setDouble(19, r.cost().usd());
        heal.setLong(20, r.cost().promptTokens());
        heal.setLong(21, r.cost().completionTokens());
        heal.setInt(22, r.cost().calls());
        heal.setLong(23, duration);
        heal.setLong(24, finished - duration);
        heal.setLong(25, finished);
        heal.setInt(26, r.history().size());
        Columns.setString(heal, 27, r.approvalClass().map(Enum::name).orElse(null));
        Columns.setString(heal, 28, r.proposalId().orElse(null));
    }

    /** Binds parameters 1..17 of an insert of {@link #ATTEMPT_COLUMNS}. */
    public static void bindAttempt(PreparedStatement p, long healId, HealAttempt a) throws SQLException {
        Candidate cand = a.candidate();
        p.setLong(1, healId);
        p.setInt(2, a.number());
        p.setInt(3, cand.point().x());
        p.setInt(4, cand.point().y());
        Columns.setBox(p, 5, cand.box());
        p.setDouble(9, cand.confidence());
        p.setString(10, cand.source());
        p.setString(11, cand.reasoning());
        VerificationResult v = a.verification();
        p.setInt(12, v == null ? 0 : 1);
        if (v == null) {
            p.setNull(13, Types.INTEGER);
            p.setNull(14, Types.INTEGER);
            p.setNull(15, Types.DOUBLE);
        } else {
            p.setInt(13, v.success() ? 1 : 0);
            p.setInt(14, v.failedAtStep());
            p.setDouble(15, v.similarity());
        }
        p.setInt(16, a.accepted() ? 1 : 0);
        p.setString(17, a.note());
    }

    /** @return the attempt in columns 1..17 of the current row (without a picture) */
    public static HealAttempt attempt(ResultSet rs) throws SQLException {
        Candidate cand = new Candidate(new Point(rs.getInt(3), rs.getInt(4)), Columns.box(rs, 5), rs.getDouble(9),
                rs.getString(10), rs.getString(11));
        VerificationResult v = rs.getInt(12) == 0 ? null
                : new VerificationResult(rs.getInt(13) == 1, rs.getInt(14), rs.getDouble(15));
        return new HealAttempt(rs.getInt(2), cand, v, rs.getInt(16) == 1, rs.getString(17), null);
    }

    /** @return the values of the {@link #HEAL_COLUMNS} of the current row, for {@link #record} */
    public static Object[] heal(ResultSet rs) throws SQLException {
        Object[] row = new Object[HEAL_COLUMN_COUNT];
        for (int col = 0; col < row.length; col++) {
            row[col] = rs.getObject(col + 1);
        }
        return row;
    }

    /** @return the heal of a {@link #heal} row with its attempts */
    public static HealRecord record(Object[] r, List<HealAttempt> attempts) {
        Cost cost = new Cost(num(r[21]).intValue(), num(r[19]).longValue(), num(r[20]).longValue(),
                num(r[18]).doubleValue());
        HealStatus status = HealStatus.valueOf((String) r[7]);
        Point newPoint = Columns.point(r[11], r[12]);
        String reasoning = r[15] == null ? "" : (String) r[15];
        Optional<Candidate> winner = newPoint == null ? Optional.empty()
                : Optional.of(new Candidate(newPoint, null, num(r[13]).doubleValue(),
                        r[8] == null ? "unknown" : (String) r[8], reasoning));
        HealResult.Trace trace = new HealResult.Trace((String) r[1], num(r[2]).intValue(),
                Optional.ofNullable(Columns.point(r[9], r[10])), FailureKind.valueOf((String) r[5]), attempts,
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

    /**
     * The PNG pictures of one heal: the result's and each attempt's (by attempt number), or nulls.
     * The same image is encoded once and shared, so a store can tell the result's picture is its
     * last attempt's by identity.
     */
    public record EvidencePngs(byte[] heal, Map<Integer, byte[]> attempts) {
        /** Encodes each distinct picture of {@code r} once. */
        public static EvidencePngs of(HealResult r) {
            Map<Image, byte[]> encoded = new IdentityHashMap<>();
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
}
