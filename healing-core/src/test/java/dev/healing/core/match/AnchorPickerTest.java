package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AnchorPickerTest {
    private static final Point OLD = new Point(1700, 178);

    @Test
    void neighbours_rowsBelowWithAGap_completeTheSeriesOneRowAwayOnBothSides() {
        // Rows every 43 px; the next row (221) matched less well and is missing.
        List<Point> twins = List.of(new Point(1700, 264), new Point(1700, 307), new Point(1700, 350));

        List<Point> all = AnchorPicker.neighbours(OLD, twins);

        assertTrue(all.contains(new Point(1700, 221)), all.toString());
        assertTrue(all.contains(new Point(1700, 135)), "mirrored above the first row: " + all);
    }

    @Test
    void neighbours_slidesAlongOneFieldCloserThanTheElement_ignored() {
        List<Point> slides = List.of(new Point(1712, 178), new Point(1724, 178));

        List<Point> all = AnchorPicker.neighbours(OLD, slides);

        assertTrue(all.isEmpty(), "slides of the element itself are not neighbours: " + all);
    }

    @Test
    void belongsToElement_rowWordsYesHeaderAboveFirstRowNo() {
        List<Point> rows = AnchorPicker.neighbours(OLD, List.of(new Point(1700, 221), new Point(1700, 264)));

        assertTrue(AnchorPicker.belongsToElement(-300, 0, OLD, rows), "words on its own row");
        assertFalse(AnchorPicker.belongsToElement(-300, -40, OLD, rows), "the header a row above");
        assertFalse(AnchorPicker.belongsToElement(-300, 43, OLD, rows), "the next row's words");
    }

    @Test
    void belongsToElement_boxTitleAboveItsLinkWithBoxesSideBySide_yes() {
        Point link = new Point(800, 193);
        List<Point> boxes = AnchorPicker.neighbours(link, List.of(new Point(385, 193), new Point(1215, 193)));

        assertTrue(AnchorPicker.belongsToElement(-120, -80, link, boxes), "its box title");
        assertFalse(AnchorPicker.belongsToElement(-300, -80, link, boxes), "the title of the box to the left");
    }
}
