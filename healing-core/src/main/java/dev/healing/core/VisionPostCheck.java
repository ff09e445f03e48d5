package dev.healing.core;

import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.ElementCheck;
import dev.healing.api.Image;
import dev.healing.api.VisionLocator;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The post-check of a vision model's candidate, shared by a heal ({@link HealRun}) and the locate
 * step on its own ({@link StepLocator}): the model that proposed the point is asked whether the
 * element there is the described one; a check that throws (against its contract) or answers
 * nothing refuses, so an unchecked candidate is never clicked.
 */
final class VisionPostCheck {
    private static final Logger log = LoggerFactory.getLogger(VisionPostCheck.class);

    /**
     * What the check decided.
     *
     * @param passed whether the candidate may be tried
     * @param note   one line for the heal's or the locate step's notes
     * @param cost   what the check cost
     */
    record Verdict(boolean passed, String note, Cost cost) {
    }

    private VisionPostCheck() {
    }

    /**
     * @param bar the least confidence (0..1) a matching answer needs
     * @return the verdict on {@code c} in {@code screen}
     */
    static Verdict ask(VisionLocator vision, Image screen, Candidate c, String description, double bar) {
        ElementCheck check;
        try {
            check = vision.verifyElement(screen, c.point(), description);
        } catch (RuntimeException e) {
            log.warn("{} verifyElement threw instead of answering", vision.name(), e);
            check = new ElementCheck(false, 0, "error " + e, Cost.FREE);
        }
        if (check == null) {
            check = new ElementCheck(false, 0, "no answer", Cost.FREE);
        }
        if (check.matches() && check.confidence() >= bar) {
            return new Verdict(true, String.format(Locale.ROOT, "vision post-check of %s: matches (confidence %.2f)",
                    c.point(), check.confidence()), check.cost());
        }
        return new Verdict(false, String.format(Locale.ROOT,
                "rejected by the vision post-check: %s at %s (confidence %.2f, bar %.2f): %s",
                check.matches() ? "too unsure it is \"" + description + "\"" : "not \"" + description + "\"",
                c.point(), check.confidence(), bar, check.reasoning()), check.cost());
    }
}
