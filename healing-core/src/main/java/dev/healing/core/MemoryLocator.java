package dev.healing.core;

import dev.healing.api.Candidate;
import dev.healing.api.HealingMemory;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Rect;
import dev.healing.api.RememberedFix;
import dev.healing.api.SimilarityScorer;
import dev.healing.api.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The first link of the chain: fixes that healed this step before, when its baseline looked the
 * same. A remembered fix is proposed only if the live screen still shows the remembered crop at
 * the remembered point; its confidence is that similarity. A fix whose last outcome was a failure
 * is offered last, with its confidence lowered, and not at all once it failed as often as it healed.
 * Thread-safe.
 */
final class MemoryLocator implements Locator {
    /** Confidence factor for a fix that failed the last time it was tried. */
    static final double FAILED_LAST_PENALTY = 0.9;

    private final HealingMemory memory;
    private final SimilarityScorer similarity;

    /**
     * @param memory     where fixes are remembered
     * @param similarity compares the remembered crop with the live one
     */
    MemoryLocator(HealingMemory memory, SimilarityScorer similarity) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.similarity = Objects.requireNonNull(similarity, "similarity");
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public LocateResult locate(LocateQuery query) {
        if (query.baselineCrop() == null) {
            return LocateResult.notFound("no baseline crop to recognise the change by");
        }
        List<RememberedFix> fixes;
        try {
            fixes = memory.recall(query.workflowId(), query.stepIndex(), query.baselineCrop().appearanceHash());
        } catch (StoreException e) {
            return LocateResult.error("memory unavailable: " + e.getMessage(), dev.healing.api.Cost.FREE);
        }
        if (fixes.isEmpty()) {
            return LocateResult.notFound("no remembered fix for this appearance");
        }
        Image screen = query.screen();
        List<Candidate> candidates = new ArrayList<>();
        for (RememberedFix fix : fixes) {
            if (fix.failedLast() && fix.failures() >= fix.successes()) {
                continue;
            }
            Image remembered = fix.crop();
            if (fix.point().x() >= screen.width() || fix.point().y() >= screen.height()
                    || remembered.width() > screen.width() || remembered.height() > screen.height()) {
                continue;
            }
            Image live = screen.cropAround(fix.point(), remembered.width(), remembered.height());
            double score = similarity.similarity(remembered, live);
            double confidence = fix.failedLast() ? score * FAILED_LAST_PENALTY : score;
            Rect box = Rect.centeredWithin(fix.point(), remembered.width(), remembered.height(),
                    screen.width(), screen.height());
            candidates.add(new Candidate(fix.point(), box, Math.max(0, Math.min(1, confidence)), name(),
                    String.format("remembered fix (%d healed, %d failed), live crop similarity %.3f",
                            fix.successes(), fix.failures(), score)));
        }
        if (candidates.isEmpty()) {
            return LocateResult.notFound(fixes.size() + " remembered fix(es), all failed recently");
        }
        candidates.sort(Comparator.comparingDouble(Candidate::confidence).reversed());
        return LocateResult.found(candidates);
    }
}
