package dev.healing.core.report;

import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.core.match.TemplateLocator;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Draws the picture a person needs to judge a heal at a glance: the screenshot with the old point
 * in red and the candidate in green, the baseline, failed and new crops side by side, and the
 * locator, confidence and failure kind written below. Stateless and thread-safe.
 */
public final class EvidenceImage {
    /** Red: where the step used to click. */
    public static final int OLD_COLOUR = 0xE11D48;
    /** Green: where the candidate would click. */
    public static final int NEW_COLOUR = 0x16A34A;

    private static final int SHOT_WIDTH = 960;
    private static final int CROP_SIDE = 180;
    private static final int STRIP = CROP_SIDE + 120;

    private EvidenceImage() {
    }

    /**
     * @param screen   the live full frame
     * @param oldPoint where the step clicked, in screen pixels
     * @param candidate the proposal, or {@code null} when there was none
     * @param baseline the stored baseline crop, or {@code null}
     * @param failed   the crop at the old point now, or {@code null} (cut from {@code screen})
     * @param kind     how the failure was classified
     * @param verdict  one line on the outcome, e.g. "verified" or "rolled back: still failing at step 3"
     * @return a new image about 960 pixels wide
     */
    public static Image render(Image screen, Point oldPoint, Candidate candidate, Image baseline, Image failed,
                               FailureKind kind, String verdict) {
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(oldPoint, "oldPoint");
        double scale = Math.min(1.0, (double) SHOT_WIDTH / screen.width());
        int shotW = (int) Math.round(screen.width() * scale);
        int shotH = (int) Math.round(screen.height() * scale);
        int width = Math.max(shotW, 3 * (CROP_SIDE + 20) + 20);
        BufferedImage canvas = new BufferedImage(width, shotH + STRIP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0x111827));
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            g.drawImage(screen.toBufferedImage(), 0, 0, shotW, shotH, null);
            mark(g, oldPoint, scale, new Color(OLD_COLOUR));
            if (candidate != null) {
                mark(g, candidate.point(), scale, new Color(NEW_COLOUR));
            }
            Image failedCrop = failed != null ? failed : cropAt(screen, oldPoint, baseline);
            Image newCrop = candidate == null ? null : cropAt(screen, candidate.point(), baseline);
            int y = shotH + 30;
            crop(g, baseline, "baseline", 20, y, Color.WHITE);
            crop(g, failedCrop, "failed (old point)", 40 + CROP_SIDE, y, new Color(OLD_COLOUR));
            crop(g, newCrop, "new (candidate)", 60 + 2 * CROP_SIDE, y,
                    candidate == null ? Color.GRAY : new Color(NEW_COLOUR));
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            String line = candidate == null
                    ? String.format("no candidate   failure: %s   old %s", kind, oldPoint)
                    : String.format("locator: %s   confidence: %.2f   failure: %s   %s -> %s", candidate.source(),
                    candidate.confidence(), kind, oldPoint, candidate.point());
            g.drawString(line, 20, y + CROP_SIDE + 35);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.drawString(verdict == null ? "" : verdict, 20, y + CROP_SIDE + 60);
        } finally {
            g.dispose();
        }
        return Image.fromBufferedImage(canvas);
    }

    private static Image cropAt(Image screen, Point p, Image like) {
        int w = Math.min(like == null ? TemplateLocator.DEFAULT_CROP_SIDE : like.width(), screen.width());
        int h = Math.min(like == null ? TemplateLocator.DEFAULT_CROP_SIDE : like.height(), screen.height());
        if (p.x() >= screen.width() || p.y() >= screen.height()) {
            return null;
        }
        return screen.cropAround(p, w, h);
    }

    private static void mark(Graphics2D g, Point p, double scale, Color colour) {
        int x = (int) Math.round(p.x() * scale);
        int y = (int) Math.round(p.y() * scale);
        g.setColor(colour);
        g.setStroke(new BasicStroke(3));
        g.drawOval(x - 14, y - 14, 28, 28);
        g.drawLine(x - 22, y, x + 22, y);
        g.drawLine(x, y - 22, x, y + 22);
    }

    private static void crop(Graphics2D g, Image crop, String label, int x, int y, Color frame) {
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(label, x, y - 8);
        g.setColor(frame);
        g.setStroke(new BasicStroke(2));
        g.drawRect(x - 2, y - 2, CROP_SIDE + 3, CROP_SIDE + 3);
        if (crop == null) {
            g.drawString("none", x + CROP_SIDE / 2 - 15, y + CROP_SIDE / 2);
            return;
        }
        g.drawImage(crop.toBufferedImage(), x, y, CROP_SIDE, CROP_SIDE, null);
    }
}
