package dev.healing.vision.openrouter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.vision.openrouter.ModelProfile;
import org.junit.jupiter.api.Test;

final class ConventionsTest {
    private static final Rect SCREEN = new Rect(0, 0, 1920, 1080);

    private static ModelAnswer box(double... b) {
        return new ModelAnswer(true, b, null, 0.9, false, "");
    }

    @Test
    void toScreen_qwenPixelsOfResizedImage_scaleBackToScreen() throws Exception {
        SentSize sent = new SentSize(1316, 728);
        // 658,364 is the centre of the 1316x728 image, which is the centre of the screen.
        Conventions.Located l = Conventions.toScreen(ModelProfile.QWEN2_5_VL, box(600, 300, 716, 428), sent, SCREEN);
        assertEquals(new Point(960, 540), l.point());
        assertEquals(875, l.box().x());
        assertEquals(445, l.box().y());
    }

    @Test
    void toScreen_normalized1000_scalesByScreenSize() throws Exception {
        Conventions.Located l = Conventions.toScreen(ModelProfile.QWEN2_VL,
                new ModelAnswer(true, null, new double[] {250, 500}, 0.9, false, ""), new SentSize(1316, 728), SCREEN);
        assertEquals(new Point(480, 540), l.point());
        assertNull(l.box());
    }

    @Test
    void toScreen_geminiYxOrder_isSwapped() throws Exception {
        // [ymin, xmin, ymax, xmax] = y 100..200, x 500..600 on 0..1000
        Conventions.Located l = Conventions.toScreen(ModelProfile.GEMINI, box(100, 500, 200, 600),
                new SentSize(1316, 728), SCREEN);
        assertEquals(new Point(1056, 162), l.point());
        assertEquals(new Rect(960, 108, 192, 108), l.box());
    }

    @Test
    void toScreen_zoomRegion_addsTheCropOffset() throws Exception {
        Rect crop = new Rect(700, 400, 448, 336);
        Conventions.Located l = Conventions.toScreen(ModelProfile.GENERIC,
                new ModelAnswer(true, null, new double[] {10, 20}, 0.9, false, ""), new SentSize(448, 336), crop);
        assertEquals(new Point(710, 420), l.point());
    }

    @Test
    void toScreen_outOfBoundsBox_isRejected() {
        AnswerParser.UnreadableAnswer e = assertThrows(AnswerParser.UnreadableAnswer.class, () ->
                Conventions.toScreen(ModelProfile.QWEN2_5_VL, box(1500, 10, 1600, 40), new SentSize(1316, 728), SCREEN));
        assertTrue(e.getMessage().contains("outside the 1316x728 image"), e.getMessage());
    }

    @Test
    void toScreen_negativePoint_isRejected() {
        assertThrows(AnswerParser.UnreadableAnswer.class, () -> Conventions.toScreen(ModelProfile.QWEN3_VL,
                new ModelAnswer(true, null, new double[] {-40, 10}, 0.9, false, ""), new SentSize(10, 10), SCREEN));
    }

    @Test
    void toScreen_pointFarOutsideItsBox_isRejected() {
        AnswerParser.UnreadableAnswer e = assertThrows(AnswerParser.UnreadableAnswer.class, () ->
                Conventions.toScreen(ModelProfile.QWEN3_VL, new ModelAnswer(true, new double[] {100, 100, 200, 200},
                        new double[] {800, 800}, 0.9, false, ""), new SentSize(10, 10), SCREEN));
        assertTrue(e.getMessage().contains("outside the model's own box"), e.getMessage());
    }

    @Test
    void toModel_thenToScreen_roundTripsWithinAPixel() throws Exception {
        for (ModelProfile profile : ModelProfile.values()) {
            SentSize sent = SentSize.forProfile(profile, 1920, 1080, 1);
            Point p = new Point(1234, 567);
            double[] m = Conventions.toModel(profile, p, sent, SCREEN);
            double[] ordered = profile.coordinateSpace() == ModelProfile.CoordinateSpace.NORMALIZED_1000_YX
                    ? new double[] {m[1], m[0]} : m;
            Point back = Conventions.toScreen(profile, new ModelAnswer(true, null, ordered, 1, false, ""), sent, SCREEN)
                    .point();
            assertTrue(back.distanceTo(p) <= 2.5, profile + " " + back);
        }
    }
}
