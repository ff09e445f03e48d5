package dev.healing.vision.openrouter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.healing.api.Image;
import dev.healing.vision.openrouter.ImageFormat;
import org.junit.jupiter.api.Test;

final class FrameMemoTest {
    private final FrameMemo memo = new FrameMemo();
    private final Image frame = Image.filled(640, 360, 0x336699);

    @Test
    void dataUrl_sameFrameSizeAndFormat_encodesOnce() {
        String first = memo.dataUrl(frame, new SentSize(320, 180), ImageFormat.JPEG, 0.9f);
        assertSame(first, memo.dataUrl(frame, new SentSize(320, 180), ImageFormat.JPEG, 0.9f));
        assertEquals(FrameEncoder.encode(frame, new SentSize(320, 180), ImageFormat.JPEG, 0.9f).dataUrl(), first);
    }

    @Test
    void dataUrl_otherFrameSizeOrQuality_encodesAgain() {
        String first = memo.dataUrl(frame, new SentSize(320, 180), ImageFormat.JPEG, 0.9f);
        // An equal-looking but different frame is another capture: never served from the memo.
        assertNotSame(first, memo.dataUrl(Image.filled(640, 360, 0x336699), new SentSize(320, 180),
                ImageFormat.JPEG, 0.9f));
        assertNotSame(first, memo.dataUrl(frame, new SentSize(160, 90), ImageFormat.JPEG, 0.9f));
        assertNotSame(first, memo.dataUrl(frame, new SentSize(320, 180), ImageFormat.JPEG, 0.7f));
        assertNotSame(first, memo.dataUrl(frame, new SentSize(320, 180), ImageFormat.PNG, 0.9f));
    }

    @Test
    void dataUrl_manySizes_keepsOnlyTheLatestFew() {
        String first = memo.dataUrl(frame, new SentSize(320, 180), ImageFormat.JPEG, 0.9f);
        for (int i = 1; i <= FrameMemo.ENTRIES; i++) {
            memo.dataUrl(frame, new SentSize(320 - i, 180), ImageFormat.JPEG, 0.9f);
        }
        assertNotSame(first, memo.dataUrl(frame, new SentSize(320, 180), ImageFormat.JPEG, 0.9f));
    }
}
