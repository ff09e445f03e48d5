package dev.healing.examples;

import java.util.Arrays;

/**
 * A canonical Huffman code as deflate (RFC 1951) defines it: code lengths from symbol counts,
 * limited to a maximum length, and the codes themselves, bit-reversed for deflate's
 * least-significant-bit-first stream.
 */
final class PrefixCode {
    /** Per symbol: its length in bits, 0 for a symbol that is never used. */
    final int[] lengths;
    /** Per symbol: its code, bit-reversed, ready to be written from the low bit up. */
    final int[] codes;

    private PrefixCode(int[] lengths) {
        this.lengths = lengths;
        this.codes = canonicalCodes(lengths);
    }

    /**
     * A code for symbols used {@code counts[s]} times, no code longer than {@code maxBits}. A
     * complete code (as zlib requires): when fewer than two symbols are used, the lowest unused
     * ones get a code too.
     */
    static PrefixCode forCounts(int[] counts, int maxBits) {
        long[] weights = new long[counts.length];
        int used = 0;
        for (int s = 0; s < counts.length; s++) {
            if (counts[s] < 0) {
                throw new IllegalArgumentException("negative count " + counts[s] + " for symbol " + s);
            }
            weights[s] = counts[s];
            used += counts[s] > 0 ? 1 : 0;
        }
        if (counts.length < 2 || counts.length > 1024 || 1 << maxBits < counts.length) {
            throw new IllegalArgumentException(counts.length + " symbols cannot have codes of at most " + maxBits + " bits");
        }
        for (int s = 0; used < 2; s++) {
            if (weights[s] == 0) {
                weights[s] = 1;
                used++;
            }
        }
        while (true) {
            int[] lengths = huffmanLengths(weights, used);
            int longest = 0;
            for (int l : lengths) {
                longest = Math.max(longest, l);
            }
            if (longest <= maxBits) {
                return new PrefixCode(lengths);
            }
            // Too deep: flatten the counts (never to zero) and build again. All counts equal
            // would give a balanced tree, which fits, so this ends.
            for (int s = 0; s < weights.length; s++) {
                if (weights[s] > 0) {
                    weights[s] = (weights[s] + 1) >> 1;
                }
            }
        }
    }

    /** Huffman's construction with two queues: leaves by weight, and the merged nodes in order made. */
    private static int[] huffmanLengths(long[] weights, int used) {
        long[] leaves = new long[used];
        int m = 0;
        for (int s = 0; s < weights.length; s++) {
            if (weights[s] > 0) {
                leaves[m++] = weights[s] << 10 | s; // weights stay far below 2^53
            }
        }
        Arrays.sort(leaves);
        int nodes = 2 * used - 1;
        long[] weight = new long[nodes];
        int[] parent = new int[nodes];
        for (int i = 0; i < used; i++) {
            weight[i] = leaves[i] >>> 10;
        }
        int leaf = 0;
        int merged = used;
        for (int next = used; next < nodes; next++) {
            int x = leaf < used && (merged >= next || weight[leaf] <= weight[merged]) ? leaf++ : merged++;
            int y = leaf < used && (merged >= next || weight[leaf] <= weight[merged]) ? leaf++ : merged++;
            weight[next] = weight[x] + weight[y];
            parent[x] = next;
            parent[y] = next;
        }
        // a node's parent is made after it: depths from the root (the last node) down
        int[] depth = new int[nodes];
        for (int i = nodes - 2; i >= 0; i--) {
            depth[i] = depth[parent[i]] + 1;
        }
        int[] lengths = new int[weights.length];
        for (int i = 0; i < used; i++) {
            lengths[(int) (leaves[i] & 0x3FF)] = depth[i];
        }
        return lengths;
    }

    private static int[] canonicalCodes(int[] lengths) {
        int[] perLength = new int[17];
        for (int l : lengths) {
            perLength[l]++;
        }
        perLength[0] = 0;
        int[] next = new int[17];
        int code = 0;
        for (int bits = 1; bits <= 16; bits++) {
            code = (code + perLength[bits - 1]) << 1;
            next[bits] = code;
        }
        int[] codes = new int[lengths.length];
        for (int s = 0; s < lengths.length; s++) {
            int l = lengths[s];
            if (l > 0) {
                codes[s] = Integer.reverse(next[l]++) >>> (32 - l);
            }
        }
        return codes;
    }
}
