package dev.healing.core.vnc;

/**
 * Rectangle encodings the client can ask for, in RFB terms. All are lossless; Tight uses JPEG
 * only when {@link VncClient.Builder#tightJpegQuality(int)} asks for it.
 */
public enum VncEncoding {
    /** Zlib run-length encoding (16), usually the best for desktops. */
    ZRLE(16),
    /** Tight (7): zlib with palette and gradient filters. */
    TIGHT(7),
    /** Hextile (5): 16x16 tiles with sub-rectangles. */
    HEXTILE(5),
    /** Zlib (6): raw pixels through one zlib stream. */
    ZLIB(6),
    /** Rise-and-run-length encoding (2). */
    RRE(2),
    /** CopyRect (1): a copy of another part of the framebuffer. */
    COPY_RECT(1),
    /** Raw (0): uncompressed pixels; always understood by every server. */
    RAW(0);

    private final int code;

    VncEncoding(int code) {
        this.code = code;
    }

    /** @return the encoding number of the RFB protocol */
    public int code() {
        return code;
    }
}
