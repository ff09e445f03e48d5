package dev.healing.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.Point;
import org.junit.jupiter.api.Test;

final class EvidenceImageTest {
    private static int count(Image img, int rgb) {
        int n = 0;
        for (int p : img.pixels()) {
            if (p == rgb) {
                n++;
            }
        }
        return n;
    }

    @Test
    void render_marksOldPointRedAndCandidateGreen() {
        Image screen = Image.filled(1920, 1080, 0xF0F0F0);
        Image baseline = Image.filled(100, 100, 0x2563EB);
        Candidate c = Candidate.at(new Point(1500, 800), 0.93, "template", "peak");
        Image evidence = EvidenceImage.render(screen, new Point(200, 300), c, baseline, null, FailureKind.MOVED,
                "verified");
        assertEquals(960, evidence.width());
        assertTrue(count(evidence, EvidenceImage.OLD_COLOUR) > 50, "red marker drawn");
        assertTrue(count(evidence, EvidenceImage.NEW_COLOUR) > 50, "green marker drawn");
        assertTrue(count(evidence, 0x2563EB) > 100 * 100, "baseline crop shown enlarged");
        // the red marker sits at half scale around (100, 150)
        assertEquals(EvidenceImage.OLD_COLOUR, evidence.rgb(100 + 18, 150));
        assertEquals(EvidenceImage.NEW_COLOUR, evidence.rgb(750 + 18, 400));
    }

    @Test
    void render_noCandidate_onlyRedMarker() {
        Image screen = Image.filled(800, 600, 0xFFFFFF);
        Image evidence = EvidenceImage.render(screen, new Point(5, 5), null, null, null, FailureKind.GONE, "abstained");
        assertTrue(count(evidence, EvidenceImage.OLD_COLOUR) > 20);
        assertEquals(0, count(evidence, EvidenceImage.NEW_COLOUR));
    }
}
