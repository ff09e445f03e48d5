package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Look-alikes told apart by the context that travels with them, on pages rendered by Chromium: the
 * same icons on every table row, empty fields of one size, the same "More info" under every box.
 * A heal is the first candidate at or above the bar, as the healer takes it; it must land on the
 * element or not be made at all.
 */
@Timeout(300)
final class TemplateLocatorAnchorsTest {
    private static final double BAR = 0.8;
    private final TemplateLocator locator = TemplateLocator.create();
    @TempDir
    static Path work;

    @BeforeEach
    void chromium() {
        RenderedPages.requireChromium();
    }

    /** What the locator did for one element: healed inside its box, healed elsewhere, or abstained. */
    private record Outcome(String element, Optional<Candidate> heal, Rect expected) {
        boolean wrong() {
            return heal.isPresent() && (expected == null || !expected.contains(heal.get().point()));
        }

        boolean healed() {
            return heal.isPresent() && !wrong();
        }

        @Override
        public String toString() {
            return element + ": " + heal.map(c -> c.point() + " " + c.reasoning()).orElse("abstained") + " (expected "
                    + expected + ")";
        }
    }

    private List<Outcome> locate(RenderedPages.Render before, RenderedPages.Render after, String... elements) {
        List<Outcome> out = new ArrayList<>();
        for (String e : elements) {
            // The click point as the corpus records it: the centre of the box, edges included.
            Rect b = before.boxes().get(e);
            Point old = new Point(b.x() + (b.width() - 1) / 2, b.y() + (b.height() - 1) / 2);
            LocateQuery q = new LocateQuery("pages", 0, after.screen(), old, before.screen().cropAround(old, 100, 100),
                    before.screen(), "", FailureKind.UNKNOWN, BAR);
            LocateResult r = locator.locate(q);
            Optional<Candidate> heal = r.candidates().stream().filter(c -> c.confidence() >= BAR).findFirst();
            out.add(new Outcome(e, heal, after.boxes().get(e)));
        }
        return out;
    }

    private static void assertNoWrongHeal(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            assertTrue(!o.wrong(), "a wrong heal: " + o);
        }
    }

    private static long healedByAnchors(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o.healed() && o.heal().get().reasoning().contains("template+anchors"))
                .count();
    }

    @Test
    void locate_tableReversedInNarrowerWindow_rowWordsPickTheRowsIcon() throws Exception {
        RenderedPages.Render before = RenderedPages.render(work, "table", "", false);
        RenderedPages.Render after = RenderedPages.render(work, "table", "w=1440&order=reverse", false);

        List<Outcome> outcomes = locate(before, after, "view-angelica", "edit-angelica", "view-bruno", "edit-brenden",
                "edit-airi");

        assertNoWrongHeal(outcomes);
        assertTrue(healedByAnchors(outcomes) >= 3, "the row's words single out its icon: " + outcomes);
    }

    @Test
    void locate_tableResortedAt125Percent_rightRowOrAbstain() throws Exception {
        RenderedPages.Render before = RenderedPages.render(work, "table", "", false);
        RenderedPages.Render after = RenderedPages.render(work, "table", "order=age", true);

        List<Outcome> outcomes = locate(before, after, "view-bruno", "view-angelica", "edit-airi", "edit-brenden",
                "view-caesar");

        assertNoWrongHeal(outcomes);
        assertTrue(healedByAnchors(outcomes) >= 1, "rescaled row words still single out an icon: " + outcomes);
    }

    @Test
    void locate_tableRowRemoved_itsIconsAbstainOthersStayRight() throws Exception {
        RenderedPages.Render before = RenderedPages.render(work, "table", "", false);
        RenderedPages.Render after = RenderedPages.render(work, "table", "hide=view-angelica,view-bruno", false);

        List<Outcome> outcomes = locate(before, after, "view-angelica", "edit-angelica", "view-bruno", "edit-airi",
                "view-caesar");

        assertNoWrongHeal(outcomes);
        assertEquals(null, outcomes.get(0).expected(), "the row is gone from the page");
        assertTrue(outcomes.stream().anyMatch(Outcome::healed), "rows still there are found: " + outcomes);
    }

    @Test
    void locate_emptyFieldsInNarrowerWindow_neverAnotherFieldsPlace() throws Exception {
        RenderedPages.Render before = RenderedPages.render(work, "form", "", false);
        RenderedPages.Render after = RenderedPages.render(work, "form", "w=1440", false);

        assertNoWrongHeal(locate(before, after, "first-name", "last-name", "email", "phone", "notes", "city"));
    }

    @Test
    void locate_fieldRemovedAndNextSlidIn_notTakenForIt() throws Exception {
        RenderedPages.Render before = RenderedPages.render(work, "form", "", false);
        RenderedPages.Render after = RenderedPages.render(work, "form", "hide=email,vat", false);

        List<Outcome> outcomes = locate(before, after, "email", "vat", "phone", "company");

        assertNoWrongHeal(outcomes);
    }

    @Test
    void locate_boxRemovedOthersWiden_moreInfoLinksRightOrAbstain() throws Exception {
        RenderedPages.Render before = RenderedPages.render(work, "boxes", "", false);
        RenderedPages.Render after = RenderedPages.render(work, "boxes", "hide=more-bounce,all-orders", false);

        List<Outcome> outcomes = locate(before, after, "more-orders", "more-bounce", "more-users", "more-visitors");

        assertNoWrongHeal(outcomes);
        assertTrue(outcomes.stream().filter(Outcome::healed).count() >= 2, "boxes still there are found: " + outcomes);
    }
}
