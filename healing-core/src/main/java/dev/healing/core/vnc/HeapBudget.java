package dev.healing.core.vnc;

/**
 * Internal: the memory bound of one connection. A framebuffer of {@code w x h} pixels costs
 * {@code 4*w*h} bytes, and a capture copies it once more; both together may take at most half of
 * the JVM's maximum heap ({@code -Xmx}), so that an 8K desktop (7680x4320, 265 MB) is refused
 * with a clear message on a 256 MB heap instead of ending in an {@link OutOfMemoryError}.
 */
final class HeapBudget {
    /** Bytes a connection may hold per framebuffer pixel: the framebuffer plus one capture. */
    static final int BYTES_PER_PIXEL = 8;

    private HeapBudget() {
    }

    /**
     * Checks a framebuffer size the server announced before anything of that size is allocated.
     *
     * @throws ProtocolViolation     if a side is 0 or the size exceeds {@code maxPixels}
     * @throws Handshake.Refused     if the heap is too small for it
     */
    static void checkFramebuffer(int w, int h, long maxPixels) throws java.io.IOException {
        long pixels = (long) w * h;
        if (w == 0 || h == 0 || pixels > maxPixels) {
            throw new ProtocolViolation("framebuffer size " + w + "x" + h + " is out of range (at most "
                    + maxPixels + " pixels)");
        }
        long need = pixels * BYTES_PER_PIXEL;
        long heap = Runtime.getRuntime().maxMemory();
        if (need > heap / 2) {
            throw new Handshake.Refused("a " + w + "x" + h + " framebuffer needs " + mb(need)
                    + " MB of heap (the framebuffer and one capture, 4 bytes per pixel each), more than half of"
                    + " this JVM's maximum heap of " + mb(heap) + " MB; start the JVM with -Xmx"
                    + (mb(need) * 2 + 64) + "m or more, or lower the server's resolution");
        }
    }

    static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
