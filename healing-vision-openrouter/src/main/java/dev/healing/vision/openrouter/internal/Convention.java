package dev.healing.vision.openrouter.internal;

import dev.healing.vision.openrouter.ModelProfile;
import dev.healing.vision.openrouter.ModelProfile.CoordinateSpace;
import java.util.Locale;

/**
 * The coordinate convention a model actually answers in: a space and, for pixel spaces, the long
 * edge its server shrinks images to before the model sees them (0 when the server keeps them, as
 * the profiles assume). Assumed from a {@link ModelProfile} or learned by calibration. Immutable.
 *
 * @param space          the space of the answers
 * @param serverLongEdge for pixel spaces, the long edge in pixels the server shrinks larger images to; 0 for none
 */
public record Convention(CoordinateSpace space, int serverLongEdge) {
    /** Validates. */
    public Convention {
        if (space == null) {
            throw new IllegalArgumentException("space must not be null");
        }
        if (serverLongEdge < 0) {
            throw new IllegalArgumentException("serverLongEdge must be >= 0, got " + serverLongEdge);
        }
    }

    /** @return what {@code profile} assumes: its space, no server-side resize */
    public static Convention assumed(ModelProfile profile) {
        return new Convention(profile.coordinateSpace(), 0);
    }

    /**
     * The frame of reference of an image sent at {@code sent}: the coordinates of its right and
     * bottom edges as the model writes them, and whether y comes first.
     */
    public Frame frame(SentSize sent) {
        if (space == CoordinateSpace.IMAGE_PIXELS) {
            double scale = serverLongEdge > 0 ? Math.min(1.0, (double) serverLongEdge
                    / Math.max(sent.width(), sent.height())) : 1.0;
            return new Frame(Math.max(1, Math.round(sent.width() * scale)),
                    Math.max(1, Math.round(sent.height() * scale)), false, true);
        }
        return new Frame(space.extent(), space.extent(), space.yFirst(), false);
    }

    /** Coordinates of the right and bottom edges, axis order, and whether they are pixels. */
    public record Frame(double extentX, double extentY, boolean yFirst, boolean pixels) {
        /** @return how this frame is named in reasons, e.g. {@code the 1316x728 image} or {@code the 0..1000 scale} */
        public String describe() {
            if (pixels) {
                return String.format(Locale.ROOT, "the %.0fx%.0f image", extentX, extentY);
            }
            return "the 0.." + Conventions.fmt(new double[] {extentX}).replaceAll("[\\[\\]]", "") + " scale";
        }
    }

    @Override
    public String toString() {
        return space + (serverLongEdge > 0 ? " (server shrinks to " + serverLongEdge + " px long edge)" : "");
    }
}
