package dev.healing.core.vnc;

import java.io.IOException;

/**
 * Internal: recognises a FramebufferUpdate that a server cut short. libvncserver (vino, and the
 * servers built on old copies of it) counts the cursor pseudo-rectangles and the pixel rectangles
 * in the message header, sends the cursor ones at once, and drops the rest of the message when a
 * pixel rectangle fails its own check: after the screen shrank, it keeps the request for the old
 * size and the next update reaches beyond the new screen. The next message then begins where a
 * rectangle header was due. Reads ahead without consuming anything.
 */
final class CutShortUpdate {
    private static final int RECT_HEADER = 12;
    private static final int UPDATE_HEADER = 4;

    private CutShortUpdate() {
    }

    /**
     * Whether a new FramebufferUpdate begins at the reading position instead of the rectangle
     * header the current message promised. Call it only where every rectangle so far in the
     * message was a cursor shape or position (what libvncserver sends before it fails). Bytes that
     * read badly as a rectangle are a new message when they read well as one; bytes that read well
     * both ways (a new message starting with a pointer position reads as a Raw rectangle) are a new
     * message only when the 4 bytes after them are the pointer position's encoding, which as a
     * pixel has a padding byte of 0x18 (servers send 0 or 0xFF there).
     *
     * @param in     the connection's input, positioned at the next rectangle header
     * @param screen the framebuffer size now, and the largest before a shrink (Raw answers at the old
     *               size are still well-formed)
     */
    static boolean startsHere(ByteSource in, Screen screen) throws IOException {
        in.require(RECT_HEADER);
        if (in.buf[in.pos] != 0) {
            return false; // not a FramebufferUpdate: x is 256 or more
        }
        int encoding = in.peekS32(8);
        boolean wellFormed = screen.wellFormed(in.peekU16(0), in.peekU16(2), in.peekU16(4), in.peekU16(6), encoding);
        long rawBytes = (long) in.peekU16(4) * in.peekU16(6) * screen.bytesPerPixel;
        if (wellFormed && (encoding != RectDecoder.RAW || rawBytes < 4)) {
            return false;
        }
        in.require(UPDATE_HEADER + RECT_HEADER);
        int count = in.peekU16(2);
        int x = in.peekU16(4);
        int y = in.peekU16(6);
        int w = in.peekU16(8);
        int h = in.peekU16(10);
        int next = in.peekS32(12);
        if (count == 0 || !screen.wellFormed(x, y, w, h, next)) {
            return false;
        }
        return !wellFormed || w == 0 && h == 0 && next == RfbSession.ENC_POINTER_POS;
    }

    /** The framebuffer a rectangle header is checked against. */
    record Screen(int width, int height, int staleWidth, int staleHeight, int bytesPerPixel) {
        /** Whether the header could be a rectangle of this connection. */
        boolean wellFormed(int x, int y, int w, int h, int encoding) {
            switch (encoding) {
                case RfbSession.ENC_LAST_RECT:
                case RfbSession.ENC_DESKTOP_SIZE:
                case RfbSession.ENC_EXTENDED_DESKTOP_SIZE:
                case RfbSession.ENC_POINTER_POS:
                case RfbSession.ENC_QEMU_POINTER_MOTION_CHANGE:
                    return true;
                case RfbSession.ENC_CURSOR:
                    return (long) w * h <= RfbSession.MAX_CURSOR_PIXELS;
                default:
                    if (!RectDecoder.decodes(encoding)) {
                        return false;
                    }
                    return x + w <= width && y + h <= height
                            || encoding == RectDecoder.RAW && x + w <= staleWidth && y + h <= staleHeight;
            }
        }
    }
}
