package dev.healing.vision.openrouter.internal;

import dev.healing.api.Image;
import dev.healing.vision.openrouter.ImageFormat;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The data URLs of the last few whole screens a locator encoded, so that several questions about
 * one frame (the cases of one screen in {@code eval-corpus}, a repeated sample, a retry) resize and
 * encode it once. Keyed by the frame's identity (an {@link Image} is immutable), the sent size,
 * the format and the quality; frames are held weakly, so a memo never keeps a screen alive.
 * Thread-safe; two threads encoding one frame at once may both encode it (same result).
 */
public final class FrameMemo {
    /** Entries kept: a few sizes of the current frame. */
    static final int ENTRIES = 4;

    private record Entry(WeakReference<Image> frame, SentSize size, ImageFormat format, float quality, String url) {
        boolean matches(Image image, SentSize s, ImageFormat f, float q) {
            return frame.get() == image && size.equals(s) && format == f && quality == q;
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    /** @return {@code image} resized to {@code size} and encoded, as a data URL; from the memo when asked before */
    public String dataUrl(Image image, SentSize size, ImageFormat format, float quality) {
        synchronized (entries) {
            for (Entry e : entries) {
                if (e.matches(image, size, format, quality)) {
                    return e.url();
                }
            }
        }
        String url = FrameEncoder.encode(image, size, format, quality).dataUrl();
        synchronized (entries) {
            entries.removeIf(e -> e.frame().get() == null);
            entries.addFirst(new Entry(new WeakReference<>(image), size, format, quality, url));
            while (entries.size() > ENTRIES) {
                entries.removeLast();
            }
        }
        return url;
    }
}
