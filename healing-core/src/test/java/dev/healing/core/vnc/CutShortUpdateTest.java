package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Telling the next update from the rectangle header a cut-short update promised, without consuming. */
final class CutShortUpdateTest {
    private static final CutShortUpdate.Screen VGA = new CutShortUpdate.Screen(640, 480, 800, 600, 4);

    @Test
    void nextUpdateWithAPixelRectangle_startsHere() throws IOException {
        // what vino sent after a shrink: type 0, a padding byte left over, 1 rectangle, Raw 640x480
        ByteSource in = source(new ServerScript().u8(0).u8(0x9A).u16(1).rect(0, 0, 640, 480, RectDecoder.RAW)
                .toByteArray());
        assertTrue(CutShortUpdate.startsHere(in, VGA));
        assertEquals(0, in.pos, "nothing consumed");
    }

    @Test
    void nextUpdateStartingWithThePointerPosition_startsHere() throws IOException {
        // reads as a Raw rectangle at 0,2 of 20x10 too: the encoding after it decides
        ByteSource in = source(new ServerScript().update(2).rect(20, 10, 0, 0, RfbSession.ENC_POINTER_POS)
                .rect(0, 0, 32, 24, RectDecoder.RAW).toByteArray());
        assertTrue(CutShortUpdate.startsHere(in, VGA));
    }

    @Test
    void rawRectangleNearTheLeftEdge_isARectangle() throws IOException {
        int[] white = {0xFFFFFF, 0xFFFFFF, 0xFFFFFF, 0xFFFFFF};
        ByteSource in = source(new ServerScript().rect(10, 2, 2, 2, RectDecoder.RAW).rawPixels(white).toByteArray());
        assertFalse(CutShortUpdate.startsHere(in, VGA));
    }

    @Test
    void rectangleFarFromTheLeftEdge_isARectangle() throws IOException {
        ByteSource in = source(new ServerScript().rect(300, 0, 16, 16, RectDecoder.HEXTILE).toByteArray());
        assertFalse(CutShortUpdate.startsHere(in, VGA));
    }

    @Test
    void pointerPositionWithNothingAfterIt_isARectangleAndNeedsNoMoreBytes() throws IOException {
        ByteSource in = source(new ServerScript().rect(5, 5, 0, 0, RfbSession.ENC_POINTER_POS).toByteArray());
        assertFalse(CutShortUpdate.startsHere(in, VGA));
    }

    @Test
    void garbageThatIsNeitherRectangleNorUpdate_isNotAnUpdate() throws IOException {
        ByteSource in = source(new ServerScript().u8(0).u8(0).u16(1).rect(0, 0, 640, 480, 12345).toByteArray());
        assertFalse(CutShortUpdate.startsHere(in, VGA));
    }

    private static ByteSource source(byte[] bytes) {
        return new ByteSource() {
            private int next;

            @Override
            protected int fill(byte[] dst, int off, int len) throws IOException {
                if (next == bytes.length) {
                    throw new EOFException("no more bytes");
                }
                int n = Math.min(len, bytes.length - next);
                System.arraycopy(bytes, next, dst, off, n);
                next += n;
                return n;
            }
        };
    }
}
