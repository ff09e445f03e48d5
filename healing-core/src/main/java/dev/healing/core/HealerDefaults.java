package dev.healing.core;

import dev.healing.api.SimilarityScorer;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.match.ScreenClassifier;
import dev.healing.core.match.SimilarityScorers;

/** The defaults a {@link HealerBuilder} falls back to. */
final class HealerDefaults {
    private HealerDefaults() {
    }

    static SimilarityScorer similarity() {
        return SimilarityScorers.ncc();
    }

    static FailureClassifier classifier() {
        return ScreenClassifier.create();
    }
}
