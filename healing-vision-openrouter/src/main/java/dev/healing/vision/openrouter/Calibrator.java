package dev.healing.vision.openrouter;

import dev.healing.api.Image;
import dev.healing.api.LocateResult;
import dev.healing.vision.openrouter.internal.AnswerParser;
import dev.healing.vision.openrouter.internal.ChatReply;
import dev.healing.vision.openrouter.internal.Convention;
import dev.healing.vision.openrouter.internal.ConventionFit;
import dev.healing.vision.openrouter.internal.FrameEncoder;
import dev.healing.vision.openrouter.internal.ModelAnswer;
import dev.healing.vision.openrouter.internal.RequestFactory;
import dev.healing.vision.openrouter.internal.SentSize;
import dev.healing.vision.openrouter.internal.SpendTally;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns, once per endpoint, model and profile, in which convention a model really answers: two
 * synthetic screenshots of the real screen's size, each with a red disc at a known place, asked
 * with the profile's own prompt; the answers are fitted by {@link ConventionFit}. A profile whose
 * assumption the answers contradict is not used (the calibrated convention is, and the reason is
 * logged). The result is kept in a {@link CalibrationCache} under the endpoint, model and
 * profile (by default one per locator; a host may share one or back it with its store); two
 * threads asking at once may both calibrate, and the later result stands. Thread-safe.
 */
final class Calibrator {
    private static final Logger LOG = LoggerFactory.getLogger(Calibrator.class);
    /** Where the disc's centre sits, as fractions of the image: x and y differ so the axis order shows. */
    static final double[][] PLACES = {{0.27, 0.71}, {0.73, 0.29}};
    static final String DESCRIPTION = "the solid red disc (calibration marker)";
    /** Where results are kept, under {@link #key}. */
    private final CalibrationCache cache;

    /** A calibration's outcome, cached. */
    record Found(Convention convention, String summary) {
    }

    /** A convention to use now, or the failure that stops the locate (budget, transport). */
    record Outcome(Convention convention, LocateResult failure) {
    }

    private final CalibrationCache.Key key;
    private final ModelProfile profile;
    private final boolean needed;
    private final BiFunction<Function<RequestFactory, byte[]>, SpendTally, ChatReply> send;
    private final Function<SpendTally, String> budgetCheck;
    private final FrameEncoderSettings encoding;

    record FrameEncoderSettings(ImageFormat format, float quality) {
    }

    Calibrator(CalibrationCache.Key key, CalibrationCache cache, ModelProfile profile, boolean needed,
               BiFunction<Function<RequestFactory, byte[]>, SpendTally, ChatReply> send,
               Function<SpendTally, String> budgetCheck, FrameEncoderSettings encoding) {
        this.key = key;
        this.cache = cache;
        this.profile = profile;
        this.needed = needed;
        this.send = send;
        this.budgetCheck = budgetCheck;
        this.encoding = encoding;
    }

    /** @return a calibrator like this one keeping results in {@code other}, asking through {@code via} */
    Calibrator withCache(CalibrationCache other, BiFunction<Function<RequestFactory, byte[]>, SpendTally, ChatReply> via) {
        return new Calibrator(key, other, profile, needed, via, budgetCheck, encoding);
    }

    /** @return the cached calibration of this endpoint, model and profile, or the profile's assumption */
    Convention current() {
        Found f = cached();
        return f != null ? f.convention() : Convention.assumed(profile);
    }

    /** @return what calibration found, or that none ran */
    String summary() {
        Found f = cached();
        return f != null ? f.summary() : profile + " assumed (" + Convention.assumed(profile) + "), not calibrated";
    }

    /** The convention to use for a screen of this size, calibrating first when needed and not yet done. */
    Outcome conventionFor(int width, int height, SpendTally spend) {
        if (!needed) {
            return new Outcome(current(), null);
        }
        Found f = cached();
        if (f != null) {
            return new Outcome(f.convention(), null);
        }
        return calibrate(width, height, spend);
    }

    /** Calibrates now, replacing any cached result; a transport failure is returned and nothing is cached. */
    Outcome calibrate(int width, int height, SpendTally spend) {
        SentSize sent = SentSize.forProfile(profile, width, height, 1);
        Convention assumed = Convention.assumed(profile);
        List<ConventionFit.Observation> seen = new ArrayList<>();
        String problem = null;
        for (double[] place : PLACES) {
            String over = budgetCheck.apply(spend);
            if (over != null) {
                return new Outcome(null, LocateResult.error(over, spend.total()));
            }
            int cx = (int) Math.round(place[0] * width);
            int cy = (int) Math.round(place[1] * height);
            int radius = Math.max(6, Math.min(width, height) / 40);
            Image image = Marker.disc(width, height, cx, cy, radius);
            String url = FrameEncoder.encode(image, sent, encoding.format(), encoding.quality()).dataUrl();
            Convention.Frame frame = assumed.frame(sent);
            ChatReply reply = send.apply(f -> f.locate(url, frame, false, DESCRIPTION, null, List.of()), spend);
            if (!reply.ok()) {
                return new Outcome(null, LocateResult.error("calibration: " + reply.reason(), spend.total()));
            }
            try {
                ModelAnswer a = AnswerParser.parseLocate(reply.content(),
                        profile.answerFormat() == ModelProfile.AnswerFormat.BARE_POINT);
                double[] xy = a.point() != null ? a.point() : a.box() == null ? null
                        : new double[] {(a.box()[0] + a.box()[2]) / 2, (a.box()[1] + a.box()[3]) / 2};
                if (!a.found() || xy == null) {
                    problem = "the model did not find the calibration marker";
                    continue;
                }
                seen.add(new ConventionFit.Observation((cx + 0.5) / width, (cy + 0.5) / height, xy[0], xy[1]));
            } catch (AnswerParser.UnreadableAnswer e) {
                problem = "unusable calibration answer: " + e.getMessage();
            }
        }
        Found found;
        if (seen.size() < PLACES.length) {
            found = new Found(assumed, profile + " kept (" + assumed + "): calibration inconclusive, " + problem);
            LOG.warn("{}: {}", key.text(), found.summary());
        } else {
            ConventionFit.Result fit = ConventionFit.fit(seen, sent);
            if (!fit.found()) {
                found = new Found(assumed, profile + " kept (" + assumed + "): calibration inconclusive, "
                        + fit.reason());
                LOG.warn("{}: {}", key.text(), found.summary());
            } else if (fit.convention().equals(assumed)) {
                found = new Found(assumed, profile + " confirmed by calibration (" + assumed + ")");
                LOG.info("{}: {}", key.text(), found.summary());
            } else {
                found = new Found(fit.convention(), profile + " assumes " + assumed + " but calibration found "
                        + fit.convention() + ": the profile's assumption is not used");
                LOG.warn("{}: {}", key.text(), found.summary());
            }
        }
        store(found);
        return new Outcome(found.convention(), null);
    }

    /** The cached finding, or null when none is cached or the cache failed (logged: a miss). */
    private Found cached() {
        try {
            return cache.get(key).map(e -> new Found(new Convention(e.space(), e.serverLongEdge()), e.summary()))
                    .orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("{}: calibration cache failed to read, calibrating as if nothing were cached: {}", key.text(),
                    e.toString());
            return null;
        }
    }

    private void store(Found found) {
        try {
            cache.put(key, new CalibrationCache.Entry(found.convention().space(), found.convention().serverLongEdge(),
                    found.summary()));
        } catch (RuntimeException e) {
            LOG.warn("{}: calibration cache failed to store the finding (used for this locate only): {}", key.text(),
                    e.toString());
        }
    }
}
