package dev.healing.examples;

import java.util.Arrays;

/**
 * Deflates (RFC 1951, raw) rows of an RGB picture as unfiltered 8-bit PNG scanlines, made for
 * screenshots and for a JVM that has just started. It looks for two kinds of repeat only, at whole
 * pixels: a run of one colour (a copy from one pixel back) and pixels equal to the ones above (a
 * copy from one row back), and writes the rows as one block with Huffman codes made for them.
 * Flat screens come out about as small as with zlib's fastest level; pages of text about half as
 * large again (a 1080p page: 400 KB against 260), as repeated strings are not searched for. In
 * return it does a few comparisons per pixel and never copies the picture into bytes: two to three
 * times faster than zlib's fastest level on screenshots.
 *
 * <p>Rows of one picture may be deflated in parts, at the same time, by several calls: their
 * outputs joined in order form one deflate stream (each part but the last ends as zlib's sync
 * flush does). A part may copy from the rows before it, which the stream holds.
 */
final class ScreenDeflater {
    /** The longest copy deflate can express: 258 bytes, 86 pixels. */
    private static final int MAX_COPY_PIXELS = 86;
    private static final int MAX_DISTANCE = 32768;
    private static final int END_OF_BLOCK = 256;
    /** Token for the filter-type byte (0) that starts each row. Pixels are tokens of their own value. */
    private static final int ROW_START = 1 << 30;
    /** Token bit of a copy; its low 9 bits are its length in bytes. */
    private static final int COPY = 1 << 31;
    /** Token bit of a copy from the row above (else: from the pixel before). */
    private static final int FROM_ABOVE = 1 << 16;
    private static final int ADLER_BASE = 65521;
    /** Runs of pixels summed into the Adler-32 between reductions: keeps the sums far from overflow. */
    private static final int ADLER_CHUNK = 4096;
    /**
     * Tokens per chunk of the token store (or a row's worth, if more): a flat screen's rows fit in
     * one, so a screenshot does not allocate (and a new JVM zero) a token per pixel up front.
     */
    private static final int CHUNK_TOKENS = 1 << 16;

    /** Per copy length in bytes (3..258): its length symbol (257..285), extra bits and their count. */
    private static final int[] LENGTH_SYMBOL = new int[259];
    private static final int[] LENGTH_EXTRA = new int[259];
    private static final int[] LENGTH_EXTRA_BITS = new int[259];
    /** Order in which the code-length code's lengths are written. */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    static {
        int length = 3;
        for (int symbol = 257; symbol <= 284; symbol++) {
            int extraBits = symbol < 265 ? 0 : (symbol - 261) / 4;
            for (int extra = 0; extra < 1 << extraBits; extra++, length++) {
                LENGTH_SYMBOL[length] = symbol;
                LENGTH_EXTRA[length] = extra;
                LENGTH_EXTRA_BITS[length] = extraBits;
            }
        }
        LENGTH_SYMBOL[258] = 285; // 258 has a symbol of its own, with no extra bits
        LENGTH_EXTRA[258] = 0;
        LENGTH_EXTRA_BITS[258] = 0;
    }

    /** What one call produced: {@code bytes[0, length)} and the Adler-32 of the rows' scanlines. */
    static final class Deflated {
        final byte[] bytes;
        final int length;
        final int adler;
        final long rawLength;

        Deflated(byte[] bytes, int length, int adler, long rawLength) {
            this.bytes = bytes;
            this.length = length;
            this.adler = adler;
            this.rawLength = rawLength;
        }
    }

    private final int[] rgb;
    private final int width;
    /** Whether a row back is within deflate's reach (pictures up to 10,922 pixels wide). */
    private final boolean canCopyAbove;

    // what the rows hold, found in the first pass: tokens in chunks, each row's in one chunk
    private final int chunkLength;
    private int[][] chunks = new int[4][];
    private int chunkCount;
    private int[] tokens; // the last chunk
    private int tokenCount; // tokens in it
    private final int[] symbolCounts = new int[286];
    private int copiesFromAbove;
    private int copiesFromLeft;
    private long lengthExtraBits;

    // their codes, for the second pass
    private int[] symbolLengths;
    private int[] distanceLengths;
    private int[] symbolBits; // code | its length << 16
    private int[] copyBits; // length code and extra bits | their count << 24, per copy length in bytes
    private int aboveDistance;
    private int aboveDistanceBits;
    private int leftDistance;
    private int leftDistanceBits;
    private byte[] out;
    private int outLength;
    private long bitBuffer;
    private int bitCount;

    private ScreenDeflater(int[] rgb, int width, int rows) {
        this.rgb = rgb;
        this.width = width;
        this.canCopyAbove = 3L * width + 1 <= MAX_DISTANCE;
        this.chunkLength = (int) Math.min((long) rows * (width + 1), Math.max(width + 1, CHUNK_TOKENS));
        startChunk();
    }

    private void startChunk() {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, 2 * chunkCount);
        }
        tokens = new int[chunkLength];
        chunks[chunkCount++] = tokens;
        tokenCount = 0;
    }

    /**
     * Deflates rows {@code [y0, y1)} of the {@code width}-pixel-wide picture {@code rgb} (0xRRGGBB,
     * top byte zero) as PNG scanlines with filter type 0.
     *
     * @param last whether these are the picture's last rows: the block is marked final; otherwise
     *     the output ends on a byte boundary with an empty stored block, and more may follow
     */
    static Deflated deflate(int[] rgb, int width, int y0, int y1, boolean last) {
        if (width < 1 || y0 < 0 || y1 <= y0 || (long) y1 * width > rgb.length) {
            throw new IllegalArgumentException("rows " + y0 + ".." + y1 + " of width " + width
                    + " do not fit " + rgb.length + " pixels");
        }
        return new ScreenDeflater(rgb, width, y1 - y0).rows(y0, y1, last);
    }

    /**
     * Runs the per-row methods on a small picture with runs, copies from above and lone pixels
     * often enough for the JIT to compile them, so that a screenshot's rows meet compiled code;
     * then deflates it once, for the classes the rest uses. About 2 ms in a new JVM.
     */
    static void warmUp() {
        int w = 24;
        int h = 16;
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[y * w + x] = x % 5 == y % 3 ? (x * 40503 + y * 9001) & 0xFFFFFF
                        : x < w / 2 ? 0xFFFFFF : 0x336699;
            }
        }
        ScreenDeflater d = new ScreenDeflater(rgb, w, h);
        d.symbolBits = new int[286]; // codes of no bits: writing puts out nothing
        d.copyBits = new int[259];
        d.out = new byte[0];
        for (int pass = 0; pass < 12; pass++) {
            d.tokenCount = 0;
            for (int y = 1; y < h; y++) {
                int from = d.tokenCount; // all rows fit the one chunk of so small a picture
                d.tokenizeRow(y);
                d.scanlineSums(y * w, (y + 1) * w);
                d.writeTokens(d.tokens, from, d.tokenCount);
            }
        }
        deflate(rgb, w, 0, h, true);
    }

    private Deflated rows(int y0, int y1, boolean last) {
        int rows = y1 - y0;
        int[] rowEnds = new int[rows]; // in its chunk
        int[] rowChunks = new int[rows];
        long stride = 3L * width + 1;
        long strideMod = stride % ADLER_BASE;
        long a = 1;
        long b = 0;
        long rowSums = 0;
        for (int y = y0; y < y1; y++) {
            boolean sameAsAbove = tokenizeRow(y);
            rowEnds[y - y0] = tokenCount;
            rowChunks[y - y0] = chunkCount - 1;
            // Adler-32: a row equal to the one above has the same terms
            if (!sameAsAbove || y == y0) {
                rowSums = scanlineSums(y * width, (y + 1) * width);
            }
            b = (b + strideMod * a + (rowSums >>> 16)) % ADLER_BASE;
            a = (a + (rowSums & 0xFFFF)) % ADLER_BASE;
        }
        symbolCounts[0] += rows; // the filter bytes
        symbolCounts[END_OF_BLOCK] = 1;
        long dataBits = chooseCodes((int) stride);

        // the block header takes less than 4,000 bits; the ending at most 6 bytes
        out = new byte[Math.toIntExact(dataBits / 8 + 1024)];
        putBits(last ? 1 : 0, 1);
        putBits(2, 2); // dynamic Huffman codes
        writeCodes(symbolLengths, distanceLengths);
        int from = 0;
        for (int r = 0; r < rows; r++) {
            if (r > 0 && rowChunks[r] != rowChunks[r - 1]) {
                from = 0;
            }
            writeTokens(chunks[rowChunks[r]], from, rowEnds[r]);
            from = rowEnds[r];
        }
        int endOfBlock = symbolBits[END_OF_BLOCK];
        putBits(endOfBlock & 0xFFFF, endOfBlock >>> 16);
        if (!last) {
            putBits(0, 3); // an empty stored block, not final: brings the stream to a byte boundary
            alignToByte();
            putBits(0xFFFF0000, 32);
        }
        alignToByte();
        return new Deflated(out, outLength, (int) (b << 16 | a), rows * stride);
    }

    /**
     * Adds row {@code y}'s tokens: its filter byte, then runs of pixels copied from above or from
     * the pixel before (the longer of the two), or else single pixels.
     *
     * @return whether the whole row equals the one above
     */
    private boolean tokenizeRow(int y) {
        if (tokens.length - tokenCount < width + 1) {
            startChunk();
        }
        int[] px = rgb;
        int[] t = tokens;
        int[] counts = symbolCounts;
        int w = width;
        int n = tokenCount;
        int start = y * w;
        int end = start + w;
        boolean above = canCopyAbove && y > 0;
        boolean sameAsAbove = false;
        t[n++] = ROW_START;
        for (int i = start; i < end;) {
            int leftRun = 0;
            if (i > start) {
                int previous = px[i - 1];
                int k = i;
                while (k < end && px[k] == previous) {
                    k++;
                }
                leftRun = k - i;
            }
            // a copy from above needs 11 more bits at 1080p (the distance's extra bits): worth it only when longer
            int upRun = 0;
            if (above && i + leftRun < end) {
                int k = i;
                if (sameAsAbove) {
                    k = end; // the first scan found the whole row equal to the one above
                }
                while (k < end && px[k] == px[k - w]) {
                    k++;
                }
                upRun = k - i;
                if (i == start) {
                    sameAsAbove = upRun == w;
                    if (upRun > 1 && px[i + 1] == px[i]) {
                        upRun = 1; // a row starting with a run: its first pixel from above, then the run
                    }
                }
            }
            if (upRun == 0 && leftRun == 0) {
                int p = px[i++];
                t[n++] = p;
                counts[p >>> 16]++;
                counts[p >>> 8 & 0xFF]++;
                counts[p & 0xFF]++;
                continue;
            }
            int pixels = Math.max(upRun, leftRun);
            i += pixels;
            n = addCopies(n, pixels, upRun > leftRun);
        }
        tokenCount = n;
        return sameAsAbove;
    }

    /** Adds the copies of {@code pixels} pixels from above or from the left at token {@code n}; returns the new count. */
    private int addCopies(int n, int pixels, boolean fromAbove) {
        int kind = fromAbove ? FROM_ABOVE : 0;
        while (pixels > 0) {
            int bytes = 3 * Math.min(pixels, MAX_COPY_PIXELS);
            pixels -= bytes / 3;
            tokens[n++] = COPY | kind | bytes;
            symbolCounts[LENGTH_SYMBOL[bytes]]++;
            lengthExtraBits += LENGTH_EXTRA_BITS[bytes];
            if (fromAbove) {
                copiesFromAbove++;
            } else {
                copiesFromLeft++;
            }
        }
        return n;
    }

    /** Makes the block's codes from the counts; returns the bits its tokens will take. */
    private long chooseCodes(int stride) {
        int aboveCode = canCopyAbove ? distanceCode(stride) : 0;
        int[] distanceCounts = new int[30];
        distanceCounts[2] += copiesFromLeft; // distance 3
        distanceCounts[aboveCode] += copiesFromAbove;
        PrefixCode symbols = PrefixCode.forCounts(symbolCounts, 15);
        PrefixCode distances = PrefixCode.forCounts(distanceCounts, 15);
        symbolLengths = symbols.lengths;
        distanceLengths = distances.lengths;

        symbolBits = new int[286];
        for (int s = 0; s < 286; s++) {
            symbolBits[s] = symbols.codes[s] | symbols.lengths[s] << 16;
        }
        copyBits = new int[259];
        for (int len = 3; len <= 258; len++) {
            int s = LENGTH_SYMBOL[len];
            copyBits[len] = (symbols.codes[s] | LENGTH_EXTRA[len] << symbols.lengths[s])
                    | (symbols.lengths[s] + LENGTH_EXTRA_BITS[len]) << 24;
        }
        int aboveExtra = canCopyAbove ? stride - distanceBase(aboveCode) : 0;
        aboveDistance = distances.codes[aboveCode] | aboveExtra << distances.lengths[aboveCode];
        aboveDistanceBits = distances.lengths[aboveCode] + (canCopyAbove ? distanceExtraBits(aboveCode) : 0);
        leftDistance = distances.codes[2];
        leftDistanceBits = distances.lengths[2];

        long bits = lengthExtraBits + (long) copiesFromAbove * aboveDistanceBits + (long) copiesFromLeft * leftDistanceBits;
        for (int s = 0; s < 286; s++) {
            bits += (long) symbolCounts[s] * symbols.lengths[s];
        }
        return bits;
    }

    /**
     * The Adler-32 terms of one scanline (its filter byte 0, then pixels {@code [start, end)}):
     * the sum of its bytes, and their sum weighted by the count of bytes from each to the end,
     * both mod 65521, as {@code weighted << 16 | sum}. A run of one colour is summed at once.
     */
    private long scanlineSums(int start, int end) {
        int[] px = rgb;
        long length = 3L * (end - start) + 1;
        long sum = 0;
        long weighted = 0;
        int runs = 0;
        for (int k = start; k < end;) {
            int p = px[k];
            int next = k + 1;
            while (next < end && px[next] == p) {
                next++;
            }
            int red = p >>> 16;
            int green = p >>> 8 & 0xFF;
            int blue = p & 0xFF;
            long s = red + green + blue;
            long t = red + 2 * green + 3 * blue;
            // a pixel's bytes weigh (m-1), (m-2), (m-3), with m the bytes from its first one to the end, plus one
            long m = length - 3L * (k - start);
            long n = next - k;
            if (n == 1) {
                sum += s;
                weighted += m * s - t;
            } else {
                // the run's pixels have m, m-3, ..., m-3(n-1): n*m - 3n(n-1)/2 in all
                long weights = Math.floorMod((n % ADLER_BASE) * (m % ADLER_BASE) - 3 * (n * (n - 1) / 2 % ADLER_BASE),
                        ADLER_BASE);
                sum += n * s;
                weighted += weights * s - n % ADLER_BASE * t;
            }
            if (++runs == ADLER_CHUNK) {
                sum %= ADLER_BASE;
                weighted = Math.floorMod(weighted, ADLER_BASE);
                runs = 0;
            }
            k = next;
        }
        return (long) Math.floorMod(weighted, ADLER_BASE) << 16 | sum % ADLER_BASE;
    }

    /** Writes the codes of tokens {@code t[from, to)}: the hot loop, with the bit buffer in locals. */
    private void writeTokens(int[] t, int from, int to) {
        int[] symbol = symbolBits;
        int[] copy = copyBits;
        byte[] o = out;
        int at = outLength;
        long buffer = bitBuffer;
        int count = bitCount;
        // fewer than 8 bits wait in the buffer before each token; a token adds at most 48
        for (int k = from; k < to; k++) {
            int token = t[k];
            if (token >= 0) {
                if (token == ROW_START) {
                    int c = symbol[0];
                    buffer |= (long) (c & 0xFFFF) << count;
                    count += c >>> 16;
                } else {
                    int c = symbol[token >>> 16];
                    buffer |= (long) (c & 0xFFFF) << count;
                    count += c >>> 16;
                    c = symbol[token >>> 8 & 0xFF];
                    buffer |= (long) (c & 0xFFFF) << count;
                    count += c >>> 16;
                    c = symbol[token & 0xFF];
                    buffer |= (long) (c & 0xFFFF) << count;
                    count += c >>> 16;
                }
            } else {
                int c = copy[token & 0x1FF];
                buffer |= (long) (c & 0xFFFFFF) << count;
                count += c >>> 24;
                if ((token & FROM_ABOVE) != 0) {
                    buffer |= (long) aboveDistance << count;
                    count += aboveDistanceBits;
                } else {
                    buffer |= (long) leftDistance << count;
                    count += leftDistanceBits;
                }
            }
            while (count >= 8) {
                o[at++] = (byte) buffer;
                buffer >>>= 8;
                count -= 8;
            }
        }
        outLength = at;
        bitBuffer = buffer;
        bitCount = count;
    }

    /** The block header after its type: both codes' lengths, run-length coded with a code of their own. */
    private void writeCodes(int[] symbolLengths, int[] distanceLengths) {
        int symbolCount = 286;
        while (symbolCount > 257 && symbolLengths[symbolCount - 1] == 0) {
            symbolCount--;
        }
        int distanceCount = 30;
        while (distanceCount > 1 && distanceLengths[distanceCount - 1] == 0) {
            distanceCount--;
        }
        int[] all = new int[symbolCount + distanceCount];
        System.arraycopy(symbolLengths, 0, all, 0, symbolCount);
        System.arraycopy(distanceLengths, 0, all, symbolCount, distanceCount);

        // run-length coding: 16 repeats the last length 3-6 times, 17 and 18 give 3-10 and 11-138 zeros
        int[] items = new int[all.length]; // symbol | extra bits << 8
        int itemCount = 0;
        int[] counts = new int[19];
        for (int i = 0; i < all.length;) {
            int length = all[i];
            int run = 1;
            while (i + run < all.length && all[i + run] == length) {
                run++;
            }
            i += run;
            if (length == 0) {
                while (run >= 11) {
                    int r = Math.min(run, 138);
                    items[itemCount++] = 18 | (r - 11) << 8;
                    run -= r;
                }
                if (run >= 3) {
                    items[itemCount++] = 17 | (run - 3) << 8;
                    run = 0;
                }
            } else {
                items[itemCount++] = length;
                run--;
                while (run >= 3) {
                    int r = Math.min(run, 6);
                    items[itemCount++] = 16 | (r - 3) << 8;
                    run -= r;
                }
            }
            for (; run > 0; run--) {
                items[itemCount++] = length;
            }
        }
        for (int k = 0; k < itemCount; k++) {
            counts[items[k] & 0xFF]++;
        }
        PrefixCode lengthCode = PrefixCode.forCounts(counts, 7);
        int orderCount = 19;
        while (orderCount > 4 && lengthCode.lengths[CODE_LENGTH_ORDER[orderCount - 1]] == 0) {
            orderCount--;
        }
        putBits(symbolCount - 257, 5);
        putBits(distanceCount - 1, 5);
        putBits(orderCount - 4, 4);
        for (int k = 0; k < orderCount; k++) {
            putBits(lengthCode.lengths[CODE_LENGTH_ORDER[k]], 3);
        }
        for (int k = 0; k < itemCount; k++) {
            int symbol = items[k] & 0xFF;
            putBits(lengthCode.codes[symbol], lengthCode.lengths[symbol]);
            if (symbol >= 16) {
                putBits(items[k] >>> 8, symbol == 16 ? 2 : symbol == 17 ? 3 : 7);
            }
        }
    }

    /** Deflate's distance code for {@code distance} (1..32768). */
    static int distanceCode(int distance) {
        if (distance <= 4) {
            return distance - 1;
        }
        int v = distance - 1;
        int top = 31 - Integer.numberOfLeadingZeros(v); // 2.. for distances of 5 and more
        return 2 * top + (v >>> (top - 1) & 1);
    }

    /** The smallest distance of distance code {@code code}. */
    static int distanceBase(int code) {
        if (code < 4) {
            return code + 1;
        }
        int extra = distanceExtraBits(code);
        return ((2 | (code & 1)) << extra) + 1;
    }

    static int distanceExtraBits(int code) {
        return code < 4 ? 0 : code / 2 - 1;
    }

    private void putBits(int value, int bits) {
        bitBuffer |= ((long) value & 0xFFFFFFFFL) << bitCount;
        bitCount += bits;
        while (bitCount >= 8) {
            out[outLength++] = (byte) bitBuffer;
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
    }

    private void alignToByte() {
        if (bitCount > 0) {
            putBits(0, 8 - bitCount);
        }
    }
}
