package dev.healing.vision.openrouter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.vision.openrouter.ModelProfile.CoordinateSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ConventionFitTest {
    private static final SentSize SENT = new SentSize(1316, 728);

    private static List<ConventionFit.Observation> answers(double extentX, double extentY, boolean yFirst) {
        double[][] places = {{0.27, 0.71}, {0.73, 0.29}};
        return List.of(obs(places[0], extentX, extentY, yFirst), obs(places[1], extentX, extentY, yFirst));
    }

    private static ConventionFit.Observation obs(double[] f, double ex, double ey, boolean yFirst) {
        double x = Math.round(f[0] * ex * 1000) / 1000.0;
        double y = Math.round(f[1] * ey * 1000) / 1000.0;
        return yFirst ? new ConventionFit.Observation(f[0], f[1], y, x) : new ConventionFit.Observation(f[0], f[1], x, y);
    }

    @Test
    void fit_pixelsOfTheImageAsSent_isPixelsWithoutShrink() {
        assertEquals(new Convention(CoordinateSpace.IMAGE_PIXELS, 0),
                ConventionFit.fit(answers(1316, 728, false), SENT).convention());
    }

    @Test
    void fit_pixelsOfAnImageShrunkTo1024_learnsTheServersLongEdge() {
        Convention c = ConventionFit.fit(answers(1024, 566.5, false), SENT).convention();
        assertEquals(CoordinateSpace.IMAGE_PIXELS, c.space());
        assertEquals(1024, c.serverLongEdge());
        // A zoom crop smaller than the long edge is not shrunk.
        assertEquals(448, c.frame(new SentSize(448, 336)).extentX());
        assertEquals(1024, c.frame(SENT).extentX());
    }

    @Test
    void fit_normalisedSpaces_areTold() {
        assertEquals(CoordinateSpace.NORMALIZED_1000, ConventionFit.fit(answers(1000, 1000, false), SENT)
                .convention().space());
        assertEquals(CoordinateSpace.NORMALIZED_1000_YX, ConventionFit.fit(answers(1000, 1000, true), SENT)
                .convention().space());
        assertEquals(CoordinateSpace.NORMALIZED_1, ConventionFit.fit(answers(1, 1, false), SENT)
                .convention().space());
        assertEquals(CoordinateSpace.NORMALIZED_100, ConventionFit.fit(answers(100, 100, false), SENT)
                .convention().space());
    }

    @Test
    void fit_inconsistentAnswers_fitNothingAndSayWhy() {
        ConventionFit.Result r = ConventionFit.fit(List.of(new ConventionFit.Observation(0.27, 0.71, 355, 517),
                new ConventionFit.Observation(0.73, 0.29, 100, 100)), SENT);
        assertFalse(r.found());
        assertTrue(r.reason().contains("do not fit one scale"), r.reason());
    }

    @Test
    void fit_pixelsOfALargerImage_isRefused() {
        ConventionFit.Result r = ConventionFit.fit(answers(1920, 1062, false), SENT);
        assertFalse(r.found());
        assertTrue(r.reason().contains("larger than"), r.reason());
    }

    @Test
    void fit_noAnswers_isNotFound() {
        assertFalse(ConventionFit.fit(List.of(), SENT).found());
    }
}
