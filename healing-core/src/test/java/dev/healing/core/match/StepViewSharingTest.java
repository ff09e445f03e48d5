package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.healing.api.Image;
import dev.healing.api.Point;
import org.junit.jupiter.api.Test;

final class StepViewSharingTest {
    private final Image screen = SyntheticUi.inverted(Image.filled(400, 300, 0x336699));
    private final Image crop = Image.filled(100, 100, 0x112233);
    private final StepView.Settings settings = TemplateLocator.create().settings();

    @Test
    void of_sameCaptureWithinSharing_returnsOneView() {
        StepView[] views = StepView.sharing(() -> new StepView[] {
            StepView.of(screen, new Point(200, 150), crop, null, 100, settings),
            StepView.of(screen, new Point(200, 150), crop, null, 100, settings)});

        assertSame(views[0], views[1]);
    }

    @Test
    void of_otherPointOrSettingsOrOutsideSharing_makesNewViews() {
        StepView[] views = StepView.sharing(() -> new StepView[] {
            StepView.of(screen, new Point(200, 150), crop, null, 100, settings),
            StepView.of(screen, new Point(201, 150), crop, null, 100, settings),
            StepView.of(screen, new Point(201, 150), crop, null, 100, TemplateLocator.create().settings())});
        StepView outside1 = StepView.of(screen, new Point(200, 150), crop, null, 100, settings);
        StepView outside2 = StepView.of(screen, new Point(200, 150), crop, null, 100, settings);

        assertNotSame(views[0], views[1]);
        assertNotSame(views[1], views[2]);
        assertNotSame(outside1, outside2);
    }
}
