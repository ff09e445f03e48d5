package dev.healing.core;

import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Point;

/**
 * Sorts a proposed heal into an {@link ApprovalClass}. Immutable and thread-safe.
 *
 * <ul>
 *   <li>C (wait for approval): the step is sensitive; confidence below {@code reviewBelow}; the
 *       move is longer than {@code largeMovePx}; the workflow's trust is below {@code trustFloor};
 *       or a paid (vision) locator is the only evidence for a step that cannot be verified.</li>
 *   <li>A (apply): confidence at least {@code autoAbove} and a move of at most {@code smallMovePx}
 *       (an in-place restyle moves 0 px).</li>
 *   <li>B (apply, flag for review): everything else.</li>
 * </ul>
 *
 * @param autoAbove   confidence 0..1 for class A (default {@value #DEFAULT_AUTO_ABOVE})
 * @param smallMovePx largest move in pixels for class A (default {@value #DEFAULT_SMALL_MOVE_PX})
 * @param reviewBelow confidence 0..1 below which a heal waits (default {@value #DEFAULT_REVIEW_BELOW})
 * @param largeMovePx moves longer than this many pixels wait (default {@value #DEFAULT_LARGE_MOVE_PX})
 * @param trustFloor  workflows whose trust 0..1 is below this heal only with approval
 *                    (default {@value #DEFAULT_TRUST_FLOOR})
 */
public record ApprovalPolicy(double autoAbove, int smallMovePx, double reviewBelow, int largeMovePx,
                             double trustFloor) {
    /** Default {@code autoAbove}. */
    public static final double DEFAULT_AUTO_ABOVE = 0.92;
    /** Default {@code smallMovePx}. */
    public static final int DEFAULT_SMALL_MOVE_PX = 200;
    /** Default {@code reviewBelow}: the healer's own confidence bar, {@link HealerBuilder#DEFAULT_MIN_CONFIDENCE}. */
    public static final double DEFAULT_REVIEW_BELOW = HealerBuilder.DEFAULT_MIN_CONFIDENCE;
    /** Default {@code largeMovePx}. */
    public static final int DEFAULT_LARGE_MOVE_PX = 900;
    /** Default {@code trustFloor}. */
    public static final double DEFAULT_TRUST_FLOOR = 0.25;

    /** Validates the ranges. */
    public ApprovalPolicy {
        checkUnit("autoAbove", autoAbove);
        checkUnit("reviewBelow", reviewBelow);
        checkUnit("trustFloor", trustFloor);
        if (smallMovePx < 0 || largeMovePx < smallMovePx) {
            throw new IllegalArgumentException("need 0 <= smallMovePx <= largeMovePx, got " + smallMovePx + " and "
                    + largeMovePx);
        }
        if (reviewBelow > autoAbove) {
            throw new IllegalArgumentException("reviewBelow " + reviewBelow + " must not exceed autoAbove " + autoAbove);
        }
    }

    /** @return the defaults */
    public static ApprovalPolicy defaults() {
        return new ApprovalPolicy(DEFAULT_AUTO_ABOVE, DEFAULT_SMALL_MOVE_PX, DEFAULT_REVIEW_BELOW,
                DEFAULT_LARGE_MOVE_PX, DEFAULT_TRUST_FLOOR);
    }

    /** A verdict and its reason. */
    public record Verdict(ApprovalClass approvalClass, String reason) {
    }

    /**
     * @param candidate the proposal
     * @param oldPoint  where the step clicked before
     * @param sensitive whether the step publishes, deletes or pays
     * @param paid      whether the candidate came from a paid (vision) locator
     * @param trust     the workflow's trust, 0..1
     */
    public Verdict classify(Candidate candidate, Point oldPoint, boolean sensitive, boolean paid, double trust) {
        double move = candidate.point().distanceTo(oldPoint);
        if (sensitive) {
            return new Verdict(ApprovalClass.C, paid
                    ? "vision-only evidence for a sensitive step that cannot be clicked to verify"
                    : "the step is sensitive: it is never clicked to verify");
        }
        if (trust < trustFloor) {
            return new Verdict(ApprovalClass.C, String.format("workflow trust %.2f is below the floor %.2f", trust,
                    trustFloor));
        }
        if (candidate.confidence() < reviewBelow) {
            return new Verdict(ApprovalClass.C, String.format("confidence %.2f is below %.2f", candidate.confidence(),
                    reviewBelow));
        }
        if (move > largeMovePx) {
            return new Verdict(ApprovalClass.C, String.format("a %.0f px move is larger than %d px", move,
                    largeMovePx));
        }
        if (candidate.confidence() >= autoAbove && move <= smallMovePx) {
            return new Verdict(ApprovalClass.A, String.format("confidence %.2f, %.0f px move", candidate.confidence(),
                    move));
        }
        return new Verdict(ApprovalClass.B, String.format("confidence %.2f, %.0f px move: applied, flagged for review",
                candidate.confidence(), move));
    }

    private static void checkUnit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, got " + v);
        }
    }
}
