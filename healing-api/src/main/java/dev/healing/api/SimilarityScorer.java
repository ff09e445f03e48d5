package dev.healing.api;

/**
 * Says how alike two same-sized pictures are, on a 0..1 scale where about 0.96 means the same
 * control and about 0.24 a different one. Used for the host's failure test and for checking
 * candidates. Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface SimilarityScorer {
    /**
     * @return similarity 0..1
     * @throws IllegalArgumentException if the images differ in size
     */
    double similarity(Image a, Image b);
}
