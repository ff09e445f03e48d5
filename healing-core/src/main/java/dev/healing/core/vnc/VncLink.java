package dev.healing.core.vnc;

/**
 * What a {@link VncClient} measured of the link to its server, and the encoding it prefers from
 * that: Raw on fast links (copying pixels beats any server's compression), compressed encodings
 * (ZRLE first) on slow ones. See {@link VncClient#link()}.
 *
 * @param encoding           the encoding offered first now
 * @param bytesPerSecond     the measured rate of pixel data, bytes per second; -1 before the first
 *                           large enough update. Measured on Raw data, it is the link's rate; on
 *                           compressed data, a lower bound (the server's compression may be slower)
 * @param lowerBound         whether {@code bytesPerSecond} comes from compressed data only
 * @param roundTripMicros    the shortest time from a full-frame request to the first byte of its
 *                           answer, microseconds (network round trip plus the server's start); -1
 *                           before the first answer
 * @param measuredEncodings  whether the client chooses by measurement (false when the encodings
 *                           were set on the builder, which then stay as set)
 */
public record VncLink(VncEncoding encoding, long bytesPerSecond, boolean lowerBound, long roundTripMicros,
                      boolean measuredEncodings) {
    /** Validates: a known encoding, rates and round trips -1 or more. */
    public VncLink {
        if (encoding == null) {
            throw new IllegalArgumentException("encoding must not be null");
        }
        if (bytesPerSecond < -1 || roundTripMicros < -1) {
            throw new IllegalArgumentException("bytesPerSecond and roundTripMicros must be -1 (unknown) or more, got "
                    + bytesPerSecond + " and " + roundTripMicros);
        }
    }
}
