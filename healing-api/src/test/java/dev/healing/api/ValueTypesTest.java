package dev.healing.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

final class ValueTypesTest {
    @Test
    void rect_ofCorners_includesBothEdges() {
        Rect r = Rect.ofCorners(616, 16, 656, 54);
        assertEquals(41, r.width());
        assertEquals(39, r.height());
        assertTrue(r.contains(new Point(656, 54)));
        assertFalse(r.contains(new Point(657, 54)));
        assertEquals(new Point(636, 35), r.center());
    }

    @Test
    void rect_iou_overlapOverUnion() {
        assertEquals(1.0, Rect.of(0, 0, 10, 10).iou(Rect.of(0, 0, 10, 10)));
        assertEquals(0.0, Rect.of(0, 0, 10, 10).iou(Rect.of(20, 20, 5, 5)));
        assertEquals(50.0 / 150.0, Rect.of(0, 0, 10, 10).iou(Rect.of(5, 0, 10, 10)), 1e-9);
    }

    @Test
    void badValues_rejectedWithTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Point(-1, 3)).getMessage().contains("-1"));
        assertThrows(IllegalArgumentException.class, () -> Rect.of(0, 0, 0, 5));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Candidate.at(new Point(1, 1), 1.2, "x", "")).getMessage().contains("1.2"));
        assertThrows(IllegalArgumentException.class, () -> Candidate.at(new Point(1, 1), Double.NaN, "x", ""));
        assertThrows(IllegalArgumentException.class, () -> HealRequest.of("w", -1, 0.2, null));
        assertThrows(IllegalArgumentException.class, () -> HealRequest.of(" ", 0, 0.2, null));
        assertThrows(IllegalArgumentException.class, () -> HealRequest.of("w", 0, 1.5, null));
        assertThrows(IllegalArgumentException.class, () -> new Cost(0, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> VerificationResult.failedAt(-1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> LocateResult.found(List.of()));
    }

    @Test
    void healResult_fieldsMustFitTheStatus() {
        HealResult.Trace t = HealResult.Trace.of("w", 0);
        Candidate c = Candidate.at(new Point(2, 2), 0.9, "t", "");
        assertThrows(IllegalArgumentException.class, () -> new HealResult(HealStatus.HEALED, t, Optional.empty(), "",
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new HealResult(HealStatus.PARTIAL, t, Optional.of(c), "",
                OptionalInt.empty(), Optional.of(ApprovalClass.A), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> HealResult.partial(t, c, ApprovalClass.A, 0, "same step"));
        assertThrows(IllegalArgumentException.class, () -> new HealResult(HealStatus.NOT_HEALED, t, Optional.of(c),
                "", OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        HealResult healed = HealResult.healed(t, c, ApprovalClass.A, "verified");
        assertEquals(Optional.of(new Point(2, 2)), healed.newPoint());
        assertEquals(Optional.of("t"), healed.locator());
        assertEquals(0, healed.attempts());
        assertTrue(HealResult.notHealed(t, "gone").newPoint().isEmpty());
        assertEquals(OptionalInt.of(3), HealResult.partial(t, c, ApprovalClass.B, 3, "step 3").failedAtStep());
    }

    @Test
    void cost_plus_addsEverything() {
        Cost c = new Cost(1, 100, 10, 0.5).plus(new Cost(2, 50, 5, 0.25));
        assertEquals(new Cost(3, 150, 15, 0.75), c);
        assertEquals(165, c.totalTokens());
    }

    @Test
    void rememberedFix_failedLast_comparesTimes() {
        java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Image crop = Image.filled(2, 2, 0);
        assertTrue(new RememberedFix("w", 0, "h", new Point(1, 1), crop, 1, 1, t, t.plusSeconds(1)).failedLast());
        assertFalse(new RememberedFix("w", 0, "h", new Point(1, 1), crop, 1, 1, t.plusSeconds(1), t).failedLast());
        assertFalse(new RememberedFix("w", 0, "h", new Point(1, 1), crop, 1, 0, t, null).failedLast());
    }
}
