package dev.healing.vision.openrouter.internal;

import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.vision.openrouter.ModelProfile;
import java.util.Locale;

/**
 * Maps coordinates between screen pixels and a model's space, exactly per {@link ModelProfile} or a
 * calibrated {@link Convention}: pixels of the image as the model saw it, 0..1000 in x-y order,
 * 0..1000 in y-x order (Gemini), 0..1 (Kimi) or percent (Molmo). Stateless.
 */
public final class Conventions {
    private Conventions() {
    }

    /**
     * A location on the screen.
     *
     * @param point where to click, inside the region that was shown
     * @param box   the element's bounds clipped to that region, or {@code null} when the model gave none
     */
    public record Located(Point point, Rect box) {
    }

    /**
     * Maps a model's answer about an image showing screen {@code region}, sent as {@code sent}, to
     * screen pixels, in the space {@code profile} assumes.
     *
     * @throws AnswerParser.UnreadableAnswer when a coordinate lies outside the image or the point
     *     lies outside its own box
     */
    public static Located toScreen(ModelProfile profile, ModelAnswer answer, SentSize sent, Rect region)
            throws AnswerParser.UnreadableAnswer {
        return toScreen(Convention.assumed(profile).frame(sent), answer, region);
    }

    /**
     * Maps a model's answer written in {@code frame} about an image showing screen {@code region}
     * to screen pixels.
     *
     * @throws AnswerParser.UnreadableAnswer when a coordinate lies outside the image or the point
     *     lies outside its own box
     */
    public static Located toScreen(Convention.Frame frame, ModelAnswer answer, Rect region)
            throws AnswerParser.UnreadableAnswer {
        double extentX = frame.extentX();
        double extentY = frame.extentY();
        boolean yx = frame.yFirst();
        double[] box = answer.box() == null ? null : xyOrder(answer.box(), yx);
        double[] point = answer.point() == null ? null : xyOrder(answer.point(), yx);
        String space = frame.describe();
        double slack = frame.pixels() ? 1 : extentX / 1000;
        if (box != null) {
            checkInside(box, extentX, extentY, slack, "box", space);
            if (box[2] < box[0]) {
                swap(box, 0, 2);
            }
            if (box[3] < box[1]) {
                swap(box, 1, 3);
            }
        }
        if (point != null) {
            checkInside(point, extentX, extentY, slack, "point", space);
        }
        double sx = region.width() / extentX;
        double sy = region.height() / extentY;
        Rect mappedBox = null;
        if (box != null) {
            int x1 = clamp((int) Math.floor(region.x() + box[0] * sx), region.x(), region.right() - 1);
            int y1 = clamp((int) Math.floor(region.y() + box[1] * sy), region.y(), region.bottom() - 1);
            int x2 = clamp((int) Math.ceil(region.x() + box[2] * sx), x1 + 1, region.right());
            int y2 = clamp((int) Math.ceil(region.y() + box[3] * sy), y1 + 1, region.bottom());
            mappedBox = new Rect(x1, y1, x2 - x1, y2 - y1);
        }
        double px;
        double py;
        if (point != null) {
            px = point[0];
            py = point[1];
            if (box != null) {
                double mx = Math.max(2 * slack, 0.15 * (box[2] - box[0]));
                double my = Math.max(2 * slack, 0.15 * (box[3] - box[1]));
                if (px < box[0] - mx || px > box[2] + mx || py < box[1] - my || py > box[3] + my) {
                    throw new AnswerParser.UnreadableAnswer("point " + fmt(answer.point())
                            + " lies outside the model's own box " + fmt(answer.box()));
                }
            }
        } else {
            px = (box[0] + box[2]) / 2;
            py = (box[1] + box[3]) / 2;
        }
        int x = clamp((int) Math.floor(region.x() + px * sx), region.x(), region.right() - 1);
        int y = clamp((int) Math.floor(region.y() + py * sy), region.y(), region.bottom() - 1);
        return new Located(new Point(x, y), mappedBox);
    }

    /** @return {@code p} (screen pixels) in the model's space for an image of {@code region} sent as {@code sent}, x first */
    public static double[] toModel(ModelProfile profile, Point p, SentSize sent, Rect region) {
        return toModel(Convention.assumed(profile).frame(sent), p, region);
    }

    /** @return {@code p} (screen pixels) in {@code frame} for an image of {@code region}, x first */
    public static double[] toModel(Convention.Frame frame, Point p, Rect region) {
        double u = (p.x() + 0.5 - region.x()) * frame.extentX() / region.width();
        double v = (p.y() + 0.5 - region.y()) * frame.extentY() / region.height();
        if (frame.extentX() <= 1) {
            return new double[] {Math.round(u * 1000) / 1000.0, Math.round(v * 1000) / 1000.0};
        }
        if (frame.extentX() <= 100) {
            return new double[] {Math.round(u * 10) / 10.0, Math.round(v * 10) / 10.0};
        }
        return new double[] {Math.round(u), Math.round(v)};
    }

    private static double[] xyOrder(double[] values, boolean yx) {
        double[] out = values.clone();
        if (yx) {
            for (int i = 0; i + 1 < out.length; i += 2) {
                swap(out, i, i + 1);
            }
        }
        return out;
    }

    private static void checkInside(double[] xy, double extentX, double extentY, double slack, String what,
                                    String space) throws AnswerParser.UnreadableAnswer {
        for (int i = 0; i < xy.length; i++) {
            double limit = i % 2 == 0 ? extentX : extentY;
            if (xy[i] < -slack || xy[i] > limit + slack) {
                throw new AnswerParser.UnreadableAnswer(what + " " + fmt(xy) + " lies outside " + space);
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static String fmt(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            sb.append(i == 0 ? "" : ", ").append(v == Math.rint(v) && Math.abs(v) < 1e15
                    ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v));
        }
        return sb.append(']').toString();
    }
}
