package dev.healing.vision.openrouter;

import dev.healing.api.Sleeper;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.ElementCheck;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.ModelCalibrations;
import dev.healing.api.Point;
import dev.healing.api.Rect;
import dev.healing.api.SimilarityScorer;
import dev.healing.api.VisionLocator;
import dev.healing.vision.openrouter.internal.AnswerParser;
import dev.healing.vision.openrouter.internal.ChatClient;
import dev.healing.vision.openrouter.internal.ChatReply;
import dev.healing.vision.openrouter.internal.Convention;
import dev.healing.vision.openrouter.internal.Conventions;
import dev.healing.vision.openrouter.internal.FrameEncoder;
import dev.healing.vision.openrouter.internal.FrameMemo;
import dev.healing.vision.openrouter.internal.GreyCorrelation;
import dev.healing.vision.openrouter.internal.ModelAnswer;
import dev.healing.vision.openrouter.internal.RequestFactory;
import dev.healing.vision.openrouter.internal.Secret;
import dev.healing.vision.openrouter.internal.SpendTally;
import dev.healing.vision.openrouter.internal.SentSize;
import dev.healing.vision.openrouter.internal.SpendLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VisionLocator} over OpenRouter's chat-completions API, or any OpenAI-compatible server
 * (Ollama, vLLM, LM Studio) at another base URL.
 *
 * <p>One {@link #locate} sends the screen, sized for the model's {@link ModelProfile}, with the
 * step's description, its old position and (where the model takes several images) the baseline
 * and failed crops; it maps the answer back to screen pixels exactly per the profile. With the
 * zoom stage on, it then crops the screen around that answer at native resolution, asks again and
 * accepts only when the second answer agrees with the first box. A result is FOUND only with the
 * point inside the screen and the confidence at least the threshold.
 *
 * <p><b>Confidence.</b> A model's stated confidence is used as stated; with the zoom stage the
 * lower of the two stated ones counts. When either answer states none (UI-TARS, GTA1, Holo,
 * OpenCUA and the other grounding models), the first starts at {@code assumedConfidence} (0.50, below the 0.80
 * threshold) and gets its confidence from agreement, only with the zoom stage on:
 * <ul>
 *   <li>the zoom stage disagrees (its point falls outside the first box, with a margin): NOT_FOUND;
 *   <li>it agrees: {@code agreementConfidence} (0.85), or the stated one if lower; then
 *   <li>a second sample (one call, see {@link Builder#secondScale}): where the family takes a
 *       {@code seed} and a temperature above 0, the same screenshot again with a random seed at
 *       {@link ModelProfile#sampleTemperature()} ({@link Builder#seededSample}); otherwise the
 *       screenshot at a quarter of the pixels. Agrees +0.05; disagrees or finds nothing -0.30;
 *       cannot be asked (transport, budget) no change;
 *   <li>the local similarity of the baseline crop and the same-sized crop at the answer (no call,
 *       see {@link Builder#similarityScorer}): at least 0.80 +0.05; at most 0.40 -0.10 (a
 *       restyled element looks different, so this alone never vetoes two agreeing answers);
 *       no baseline crop, no change;
 *   <li>the result is capped at 0.95.
 * </ul>
 * So a heal costs at most three model calls (the first question, zoom, second sample), four when
 * a marks question about local candidates came first and picked none, plus two calibration calls
 * on an endpoint's first heal and the retries of a refused request; the result's {@link Cost}
 * counts every answered one.
 *
 * <p>A server that takes one image per request ("At most 1 image(s)", vLLM's default) is asked
 * again, and from then on, with one image: the screenshot with the baseline crop drawn into the
 * corner farthest from the old position, in a red frame labelled "REF"; an answer inside that
 * frame is NOT_FOUND.
 *
 * <p>Thread-safe and immutable; one instance serves many workflows. Never throws from
 * {@link #locate} or {@link #verifyElement}: HTTP errors, timeouts, unusable answers and a spent
 * budget are results with a reason (ERROR when the model could not be asked, NOT_FOUND when it
 * answered nothing trustworthy). The API key never appears in logs, {@link #toString()} or reasons.
 */
public final class OpenRouterVisionLocator implements VisionLocator {
    /** OpenRouter's API base; requests go to {@code baseUrl + "/chat/completions"}. */
    public static final String DEFAULT_BASE_URL = "https://openrouter.ai/api/v1";
    /** Environment variable read when no key is given to the builder. */
    public static final String API_KEY_ENV = "OPENROUTER_API_KEY";
    /** Default connect timeout: 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default read timeout: 60 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    /** Default timeout of one HTTP call, connect to last byte: 120 s. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(120);
    /** Default threshold for FOUND: 0.80. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.80;
    /** Default confidence of an answer that states none (grounding models often do not): 0.50. */
    public static final double DEFAULT_ASSUMED_CONFIDENCE = 0.50;
    /** Default confidence of an answer that states none once the zoom stage agrees with it: 0.85. */
    public static final double DEFAULT_AGREEMENT_CONFIDENCE = 0.85;
    /** Pixel-budget divisor of the second sample: a quarter of the pixels, about half of each side. */
    static final int SECOND_SCALE_DIVISOR = 4;
    /** Raise per further signal that agrees (second sample, similar look at the answer). */
    static final double SIGNAL_AGREES = 0.05;
    /** Drop when the second sample disagrees or finds nothing: enough to fall below the default threshold. */
    static final double SECOND_SCALE_DISAGREES = 0.30;
    /** Drop when the answer looks unlike the baseline crop: the element may have been restyled, so it is small. */
    static final double LOOKS_DIFFERENT = 0.10;
    /** Local similarity at or above which the answer looks like the baseline crop. */
    static final double SIMILAR = 0.80;
    /** Local similarity at or below which the answer looks unlike the baseline crop. */
    static final double DISSIMILAR = 0.40;
    /** Highest confidence agreement alone can give. */
    static final double MAX_AGREEMENT_CONFIDENCE = 0.95;
    /** Default JPEG quality: 0.90. */
    public static final float DEFAULT_JPEG_QUALITY = 0.90f;
    /** Default cap on a response body: 1 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 1L << 20;
    /** Default cap on the answer's length in tokens: 1024. */
    public static final int DEFAULT_MAX_TOKENS = 1024;
    /** Smallest zoom window in pixels (multiples of 28 so Qwen-style models keep it unscaled). */
    static final int ZOOM_MIN_WIDTH = 448;
    static final int ZOOM_MIN_HEIGHT = 336;
    /** Size of the failed crop when no baseline crop gives one. */
    static final int DEFAULT_CROP = 100;

    private static final Logger LOG = LoggerFactory.getLogger(OpenRouterVisionLocator.class);

    private final HttpUrl endpoint;
    private final String model;
    private final ModelProfile profile;
    private final Secret apiKey;
    private final boolean zoom;
    private final boolean extraImages;
    private final double minConfidence;
    private final double assumedConfidence;
    private final ImageFormat imageFormat;
    private final float jpegQuality;
    private final SpendLedger ledger;
    private final ChatClient chat;
    private final RequestFactory requests;
    /** The same requests without {@code response_format}, for when no provider honours the schema. */
    private final RequestFactory plainRequests;
    private final boolean structured;
    private final Calibration calibration;
    private final boolean openRouter;
    private final double agreementConfidence;
    private final boolean secondScale;
    private final boolean seededSample;
    /** Seeds of repeated samples. */
    private final LongSupplier seeds;
    private final SimilarityScorer similarity;
    /** Set once the server said it takes one image per request. */
    private final AtomicBoolean oneImageOnly;
    private final Calibrator calibrator;
    /** Whole screens encoded lately: several questions about one frame encode it once. */
    private final FrameMemo frames;
    /** Whether the host chose the calibration cache; then a store's calibrations do not replace it. */
    private final boolean cacheChosen;

    private OpenRouterVisionLocator(Builder b, Secret key, HttpUrl endpoint, ModelProfile profile) {
        this.endpoint = endpoint;
        this.model = b.model;
        this.profile = profile;
        this.apiKey = key;
        this.zoom = b.zoom;
        this.extraImages = b.extraImages != null ? b.extraImages : profile.extraImages();
        this.minConfidence = b.minConfidence;
        this.assumedConfidence = b.assumedConfidence;
        this.imageFormat = b.imageFormat;
        this.jpegQuality = b.jpegQuality;
        this.ledger = new SpendLedger(b.budget, b.clock);
        ObjectMapper json = new ObjectMapper();
        OkHttpClient base = b.httpClient != null ? b.httpClient : new OkHttpClient();
        OkHttpClient http = base.newBuilder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .callTimeout(b.callTimeout)
                // OkHttp would otherwise repeat a 408 on its own, outside the retry policy and its deadline.
                .retryOnConnectionFailure(false)
                .build();
        this.chat = new ChatClient(http, endpoint, key, b.retry, b.sleeper, b.clock, b.maxResponseBytes, b.jitter,
                json);
        this.structured = b.structuredOutput != null ? b.structuredOutput : profile.structuredOutput();
        boolean routing = b.providerRouting != null ? b.providerRouting
                : endpoint.host().equals("openrouter.ai") || endpoint.host().endsWith(".openrouter.ai");
        this.openRouter = endpoint.host().equals("openrouter.ai") || endpoint.host().endsWith(".openrouter.ai");
        this.requests = new RequestFactory(json, model, profile, structured, routing, openRouter, b.maxTokens);
        this.plainRequests = requests.plain();
        this.calibration = b.calibration;
        this.agreementConfidence = b.agreementConfidence;
        this.secondScale = b.secondScale;
        this.seededSample = b.seededSample;
        this.seeds = b.seeds;
        this.similarity = b.similarity;
        boolean calibrate = calibration == Calibration.ALWAYS
                || (calibration == Calibration.AUTO && (profile == ModelProfile.GENERIC || !openRouter));
        this.calibrator = new Calibrator(new CalibrationCache.Key(endpoint.toString(), model, profile.name()),
                b.calibrationCache != null ? b.calibrationCache : CalibrationCache.inMemory(), profile, calibrate,
                this::send,
                spend -> ledger.exhausted(), new Calibrator.FrameEncoderSettings(imageFormat, jpegQuality));
        this.cacheChosen = b.calibrationCache != null;
        this.oneImageOnly = new AtomicBoolean();
        this.frames = new FrameMemo();
    }

    /** A locator like {@code base}, sharing its client, budget and state, with calibration kept in {@code cache}. */
    private OpenRouterVisionLocator(OpenRouterVisionLocator base, CalibrationCache cache) {
        this.endpoint = base.endpoint;
        this.model = base.model;
        this.profile = base.profile;
        this.apiKey = base.apiKey;
        this.zoom = base.zoom;
        this.extraImages = base.extraImages;
        this.minConfidence = base.minConfidence;
        this.assumedConfidence = base.assumedConfidence;
        this.imageFormat = base.imageFormat;
        this.jpegQuality = base.jpegQuality;
        this.ledger = base.ledger;
        this.chat = base.chat;
        this.requests = base.requests;
        this.plainRequests = base.plainRequests;
        this.structured = base.structured;
        this.calibration = base.calibration;
        this.openRouter = base.openRouter;
        this.agreementConfidence = base.agreementConfidence;
        this.secondScale = base.secondScale;
        this.seededSample = base.seededSample;
        this.seeds = base.seeds;
        this.similarity = base.similarity;
        this.oneImageOnly = base.oneImageOnly;
        this.frames = base.frames;
        this.calibrator = base.calibrator.withCache(cache, this::send);
        this.cacheChosen = true;
    }

    /**
     * A locator like this one (same settings, budget, connections) that keeps calibration in
     * {@code calibrations} through {@link CalibrationCache#over}; the healer builder calls it with
     * its store's. Returns this locator when the host chose a {@link Builder#calibrationCache}
     * itself or when {@code calibrations} is {@link ModelCalibrations#none()}.
     */
    @Override
    public OpenRouterVisionLocator withCalibrations(ModelCalibrations calibrations) {
        Objects.requireNonNull(calibrations, "calibrations");
        if (cacheChosen || calibrations == ModelCalibrations.none()) {
            return this;
        }
        return new OpenRouterVisionLocator(this, CalibrationCache.over(calibrations));
    }

    /** @return a builder; {@link Builder#model} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The one-line factory for tools: a locator for {@code model} at {@code baseUrl} (e.g.
     * {@code https://openrouter.ai/api/v1} or {@code http://localhost:11434/v1}), with the key
     * given or, when {@code apiKey} is null, from {@code OPENROUTER_API_KEY}; defaults otherwise.
     *
     * @throws IllegalArgumentException if the URL or model id is unusable
     * @throws IllegalStateException    if OpenRouter is the target and no key is available
     */
    public static OpenRouterVisionLocator create(String baseUrl, String model, String apiKey) {
        Builder b = builder().baseUrl(baseUrl).model(model);
        if (apiKey != null) {
            b.apiKey(apiKey);
        }
        return b.build();
    }

    @Override
    public String name() {
        return "vision";
    }

    /** @return the profile whose prompt, resize rule and request settings are used */
    public ModelProfile profile() {
        return profile;
    }

    /**
     * What calibration found for this endpoint and model, e.g. {@code "QWEN2_5_VL assumes
     * IMAGE_PIXELS but calibration found IMAGE_PIXELS (server shrinks to 1024 px long edge): the
     * profile's assumption is not used"}, or that none ran yet. Thread-safe.
     */
    public String calibrationSummary() {
        return calibrator.summary();
    }

    /**
     * Calibrates now for screens of {@code width x height} pixels (two model calls), replacing any
     * cached result, and returns what it found. Never throws for transport failures: they are in
     * the returned text and nothing is cached.
     */
    public String calibrate(int width, int height) {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("screen size must be at least 16x16, got " + width + "x" + height);
        }
        Calibrator.Outcome o = calibrator.calibrate(width, height, new SpendTally());
        return o.failure() != null ? apiKey.redact(o.failure().reason()) : calibrator.summary();
    }

    @Override
    public LocateResult locate(LocateQuery query) {
        SpendTally spend = new SpendTally();
        try {
            return locateOrFail(query, spend);
        } catch (RuntimeException e) {
            // A bug or a broken JRE codec must not reach the host's loop.
            String reason = apiKey.redact("vision locator failed: " + e);
            LOG.warn("{}", reason);
            return LocateResult.error(reason, spend.total());
        }
    }

    private LocateResult locateOrFail(LocateQuery query, SpendTally spend) {
        Image screen = query.screen();
        if (query.description().isBlank() && query.baselineCrop() == null) {
            return LocateResult.notFound("nothing to ask the model: the step has no description and no baseline crop");
        }
        double threshold = Math.max(minConfidence, query.minConfidence());
        Calibrator.Outcome cal = calibrator.conventionFor(screen.width(), screen.height(), spend);
        if (cal.failure() != null) {
            return cal.failure();
        }
        Convention convention = cal.convention();
        Stage first = null;
        String note = "";
        if (!query.localCandidates().isEmpty()) {
            first = askMarks(query, spend);
            if (first.failure != null && first.failure.status() == LocateResult.Status.ERROR) {
                return first.failure;
            }
            if (first.failure != null) {
                LOG.debug("marks question gave nothing usable ({}); asking to point instead", first.failure.reason());
                first = null;
            } else {
                note = "; picked local candidate " + first.reasoning;
            }
        }
        if (first == null) {
            first = ask(screen, screen.bounds(), false, query, convention, spend);
        }
        if (first.failure != null) {
            return first.failure;
        }
        if (first.stated && first.confidence < threshold) {
            // The zoom stage can only lower a stated confidence: do not pay for it.
            return notFound(String.format(Locale.ROOT, "confidence %.2f is below %.2f at %s: %s",
                    first.confidence, threshold, first.located.point(), first.reasoning), spend);
        }
        Stage result = first;
        Rect window = zoomWindow(first.located, screen);
        if (zoom && !window.equals(screen.bounds())) {
            Stage second = ask(screen.crop(window), window, true, query, convention, spend);
            if (second.failure != null) {
                return withReason(second.failure, "zoom stage: " + second.failure.reason()
                        + " (first answer " + first.located.point() + ")");
            }
            if (!agrees(first.located, second.located)) {
                return notFound("zoom stage disagreed: first answer " + first.located.point() + " box "
                        + first.located.box() + ", second answer " + second.located.point(), spend);
            }
            Rect box = second.located.box() != null ? second.located.box() : first.located.box();
            Point point = first.fromMarks ? first.located.point() : second.located.point();
            result = new Stage(new Conventions.Located(point, box), agreedConfidence(first, second),
                    first.stated && second.stated, false, second.reasoning, null);
            if (result.stated) {
                note += "; zoom agreed";
            } else {
                Agreement more = moreSignals(result, query, convention, spend);
                result = new Stage(result.located, more.confidence(), false, false, result.reasoning, null);
                note += String.format(Locale.ROOT, "; zoom agreed%s (confidence %.2f from agreement)", more.note(),
                        result.confidence);
            }
        }
        Point p = result.located.point();
        if (p.x() >= screen.width() || p.y() >= screen.height()) {
            return notFound("point " + p + " is outside the " + screen.width() + "x" + screen.height() + " screen",
                    spend);
        }
        if (result.confidence < threshold) {
            return notFound(String.format(Locale.ROOT, "confidence %.2f is below %.2f at %s%s: %s%s",
                    result.confidence, threshold, p, result.stated ? "" : " (the model states none)",
                    result.reasoning, note), spend);
        }
        Candidate c = new Candidate(p, result.located.box(), result.confidence, name(),
                apiKey.redact(result.reasoning) + note);
        return new LocateResult(LocateResult.Status.FOUND, List.of(c), "", spend.total());
    }

    /** A confidence from the further signals and what they said, for the reasoning. */
    private record Agreement(double confidence, String note) {
    }

    /**
     * The signals after the zoom stage agreed with an answer that states no confidence: a second
     * sample at a quarter of the pixel budget (one call) and the local similarity at the answer
     * (no call). See the class Javadoc for the rule.
     */
    private Agreement moreSignals(Stage agreed, LocateQuery query, Convention convention, SpendTally spend) {
        double confidence = agreed.confidence;
        StringBuilder note = new StringBuilder();
        if (secondScale) {
            Image screen = query.screen();
            boolean seeded = seededSample && profile.acceptsSeed();
            Sample sample = seeded ? new Sample(seeds.getAsLong(), profile.sampleTemperature()) : null;
            Stage again = ask(screen, screen.bounds(), false, query, convention, spend,
                    seeded ? 1 : SECOND_SCALE_DIVISOR, sample);
            String what = seeded ? String.format(Locale.ROOT, "second sample (seed %d, temperature %.1f)",
                    sample.seed(), sample.temperature()) : "second scale";
            if (again.failure != null && again.failure.status() == LocateResult.Status.ERROR) {
                LOG.debug("{} could not be asked ({}): no signal", what, again.failure.reason());
                note.append(", ").append(what).append(" not asked");
            } else if (again.failure == null && agrees(agreed.located, again.located)) {
                confidence += SIGNAL_AGREES;
                note.append(", ").append(what).append(" agreed");
            } else {
                confidence -= SECOND_SCALE_DISAGREES;
                note.append(", ").append(what).append(again.failure == null ? " disagreed at " + again.located.point()
                        : " found nothing");
            }
        }
        double similarity = localSimilarity(query, agreed.located.point());
        if (!Double.isNaN(similarity)) {
            if (similarity >= SIMILAR) {
                confidence += SIGNAL_AGREES;
            } else if (similarity <= DISSIMILAR) {
                confidence -= LOOKS_DIFFERENT;
            }
            note.append(String.format(Locale.ROOT, ", local similarity %.2f", similarity));
        }
        // Rounded so that steps of 0.05 meet the threshold exactly, free of binary fractions.
        double rounded = Math.round(confidence * 1000) / 1000.0;
        return new Agreement(Math.max(0, Math.min(MAX_AGREEMENT_CONFIDENCE, rounded)), note.toString());
    }

    /**
     * The baseline crop against the same-sized crop of the screen at {@code point}, by the
     * configured scorer; NaN (no signal) without a baseline crop, when it does not fit the screen
     * or when the scorer fails.
     */
    private double localSimilarity(LocateQuery query, Point point) {
        Image baseline = query.baselineCrop();
        Image screen = query.screen();
        if (baseline == null || baseline.width() > screen.width() || baseline.height() > screen.height()) {
            return Double.NaN;
        }
        try {
            double s = similarity.similarity(baseline, screen.cropAround(point, baseline.width(), baseline.height()));
            return s >= 0 && s <= 1 ? s : Double.NaN;
        } catch (RuntimeException e) {
            LOG.warn("similarity scorer {} failed, no local signal: {}", similarity, e.toString());
            return Double.NaN;
        }
    }

    /**
     * Confidence after the zoom stage agreed: the lower stated one when both state one; otherwise
     * the agreement itself stands for confidence (grounding models state none).
     */
    private double agreedConfidence(Stage first, Stage second) {
        if (first.stated && second.stated) {
            return Math.min(first.confidence, second.confidence);
        }
        double stated = first.stated ? first.confidence : second.stated ? second.confidence : 1.0;
        return Math.min(stated, agreementConfidence);
    }

    /**
     * One question to the model: where is the element on this image?
     *
     * @param stated    whether the confidence was stated by the model rather than assumed
     * @param fromMarks whether the location is a local candidate the model picked by its number
     */
    private record Stage(Conventions.Located located, double confidence, boolean stated, boolean fromMarks,
                         String reasoning, LocateResult failure) {
    }

    private Stage ask(Image image, Rect region, boolean zoomed, LocateQuery query, Convention convention,
                      SpendTally spend) {
        return ask(image, region, zoomed, query, convention, spend, 1, null);
    }

    /** A repeated sample's seed and temperature. */
    private record Sample(long seed, double temperature) {
    }

    /**
     * @param firstDivisor the pixel budget's divisor to start with (see {@link SentSize#forProfile})
     * @param sample       the seed and temperature of a repeated sample, or null for the profile's settings
     */
    private Stage ask(Image image, Rect region, boolean zoomed, LocateQuery query, Convention convention,
                      SpendTally spend, int firstDivisor, Sample sample) {
        Function<RequestFactory, RequestFactory> sampled = sample == null ? f -> f
                : f -> f.sampled(sample.seed(), sample.temperature());
        for (int divisor = firstDivisor; ; divisor *= 4) {
            String over = ledger.exhausted();
            if (over != null) {
                return failed(LocateResult.error(over, spend.total()));
            }
            SentSize sent = SentSize.forProfile(profile, region.width(), region.height(), divisor);
            Convention.Frame frame = convention.frame(sent);
            float quality = divisor == 1 ? jpegQuality : Math.min(jpegQuality, 0.70f);
            boolean single = oneImageOnly.get();
            List<RequestFactory.Picture> extras = single ? List.of() : extras(query, zoomed, quality);
            double[] old = !zoomed && region.contains(query.oldPoint())
                    ? Conventions.toModel(frame, query.oldPoint(), region) : null;
            Point avoid = old == null ? null
                    : new Point(query.oldPoint().x() - region.x(), query.oldPoint().y() - region.y());
            Marker.Inset inset = single ? inset(query, image, avoid) : null;
            String url = inset == null && image == query.screen() ? frames.dataUrl(image, sent, imageFormat, quality)
                    : FrameEncoder.encode(inset != null ? inset.image() : image, sent, imageFormat, quality).dataUrl();
            String description = query.description();
            LOG.debug("asking {} ({}, {}) about {} image {} of region {}", model, profile, convention,
                    zoomed ? "zoomed" : "screen", sent, region);
            boolean drawn = inset != null;
            ChatReply reply = send(f -> sampled.apply(f).locate(url, frame, zoomed, description, old, extras, drawn),
                    spend);
            if (reply.kind() == ChatReply.Kind.ONE_IMAGE_ONLY && !extras.isEmpty()) {
                LOG.info("{} takes one image per request: asking with the reference drawn into the screenshot "
                        + "from now on", model);
                oneImageOnly.set(true);
                inset = inset(query, image, avoid);
                String one = FrameEncoder.encode(inset != null ? inset.image() : image, sent, imageFormat, quality)
                        .dataUrl();
                boolean drawnNow = inset != null;
                reply = send(f -> sampled.apply(f).locate(one, frame, zoomed, description, old, List.of(), drawnNow),
                        spend);
            }
            if (reply.kind() == ChatReply.Kind.IMAGE_TOO_LARGE) {
                if (divisor == firstDivisor) {
                    LOG.debug("image too large for {}: re-encoding smaller", model);
                    continue;
                }
                return failed(LocateResult.error("image still too large after re-encoding smaller: " + reply.reason(),
                        spend.total()));
            }
            if (!reply.ok()) {
                return failed(LocateResult.error(reply.reason(), spend.total()));
            }
            try {
                ModelAnswer answer = AnswerParser.parseLocate(reply.content(),
                        profile.answerFormat() == ModelProfile.AnswerFormat.BARE_POINT);
                if (!answer.found()) {
                    return failed(notFound("the model did not find the element"
                            + (answer.reasoning().isEmpty() ? "" : ": " + answer.reasoning()), spend));
                }
                Conventions.Located located = Conventions.toScreen(frame, answer, region);
                if (inset != null && inset.inset().contains(new Point(located.point().x() - region.x(),
                        located.point().y() - region.y()))) {
                    return failed(notFound("the model pointed into the reference drawn into the screenshot at "
                            + located.point(), spend));
                }
                double confidence = answer.hasConfidence() ? answer.confidence() : assumedConfidence;
                return new Stage(located, confidence, answer.hasConfidence(), false, answer.reasoning(), null);
            } catch (AnswerParser.UnreadableAnswer e) {
                return failed(notFound("unusable model answer: " + e.getMessage(), spend));
            }
        }
    }

    /** Most local candidates shown as marks (single digits). */
    static final int MAX_MARKS = 9;

    /** Asks which numbered local candidate, if any, is the element; the pick is then checked like any answer. */
    private Stage askMarks(LocateQuery query, SpendTally spend) {
        String over = ledger.exhausted();
        if (over != null) {
            return failed(LocateResult.error(over, spend.total()));
        }
        Image screen = query.screen();
        List<Candidate> marks = new ArrayList<>();
        for (Candidate c : query.localCandidates()) {
            Point p = c.point();
            if (p.x() >= 0 && p.y() >= 0 && p.x() < screen.width() && p.y() < screen.height()
                    && marks.size() < MAX_MARKS) {
                marks.add(c);
            }
        }
        if (marks.isEmpty()) {
            return failed(notFound("no local candidate lies inside the screen", spend));
        }
        List<Point> points = new ArrayList<>();
        marks.forEach(c -> points.add(c.point()));
        Image marked = Marker.numbered(screen, points);
        SentSize sent = SentSize.forProfile(profile, screen.width(), screen.height(), 1);
        boolean single = oneImageOnly.get();
        Marker.Inset inset = single ? inset(query, marked, query.oldPoint()) : null;
        String url = FrameEncoder.encode(inset != null ? inset.image() : marked, sent, imageFormat, jpegQuality)
                .dataUrl();
        List<RequestFactory.Picture> extras = single ? List.of() : extras(query, true, jpegQuality);
        int count = marks.size();
        boolean drawn = inset != null;
        ChatReply reply = send(f -> f.marks(url, query.description(), count, extras, drawn), spend);
        if (reply.kind() == ChatReply.Kind.ONE_IMAGE_ONLY && !extras.isEmpty()) {
            LOG.info("{} takes one image per request: asking with the reference drawn into the screenshot "
                    + "from now on", model);
            oneImageOnly.set(true);
            Marker.Inset one = inset(query, marked, query.oldPoint());
            String oneUrl = FrameEncoder.encode(one != null ? one.image() : marked, sent, imageFormat, jpegQuality)
                    .dataUrl();
            reply = send(f -> f.marks(oneUrl, query.description(), count, List.of(), one != null), spend);
        }
        if (!reply.ok()) {
            return failed(LocateResult.error(reply.reason(), spend.total()));
        }
        try {
            ModelAnswer answer = AnswerParser.parseMark(reply.content(), count);
            if (!answer.found()) {
                return failed(notFound("the model picked none of the " + count + " local candidates", spend));
            }
            int index = (int) answer.point()[0];
            Candidate pick = marks.get(index - 1);
            double confidence = answer.hasConfidence() ? answer.confidence() : assumedConfidence;
            return new Stage(new Conventions.Located(pick.point(), pick.box()), confidence, answer.hasConfidence(),
                    true, "#" + index + " at " + pick.point(), null);
        } catch (AnswerParser.UnreadableAnswer e) {
            return failed(notFound("unusable marks answer: " + e.getMessage(), spend));
        }
    }

    /**
     * Sends a request built by {@code build}; when OpenRouter finds no provider for the requested
     * parameters (the JSON schema), sends this one request once more without them.
     */
    ChatReply send(Function<RequestFactory, byte[]> build, SpendTally spend) {
        ChatReply reply = chat.send(build.apply(structured ? requests : plainRequests));
        ledger.record(reply.cost());
        spend.add(reply.cost());
        if (structured && reply.kind() == ChatReply.Kind.PARAMETERS_UNSUPPORTED) {
            LOG.info("no provider of {} supports the requested parameters; asking this once without response_format",
                    model);
            reply = chat.send(build.apply(plainRequests));
            ledger.record(reply.cost());
            spend.add(reply.cost());
        }
        if (reply.kind() == ChatReply.Kind.PARAMETERS_UNSUPPORTED) {
            return new ChatReply(ChatReply.Kind.FAILED, "", reply.reason(), reply.cost());
        }
        return reply;
    }

    private List<RequestFactory.Picture> extras(LocateQuery query, boolean zoomed, float quality) {
        List<RequestFactory.Picture> out = new ArrayList<>();
        if (!extraImages) {
            return out;
        }
        Image baseline = query.baselineCrop();
        if (baseline != null) {
            out.add(new RequestFactory.Picture(encodeNative(baseline, quality),
                    "shows how the element looked before the change (a crop around its old position)."));
        }
        Image screen = query.screen();
        Point old = query.oldPoint();
        if (!zoomed && old.x() < screen.width() && old.y() < screen.height()) {
            int w = Math.min(screen.width(), baseline != null ? baseline.width() : DEFAULT_CROP);
            int h = Math.min(screen.height(), baseline != null ? baseline.height() : DEFAULT_CROP);
            Image failedCrop = screen.cropAround(old, w, h);
            out.add(new RequestFactory.Picture(encodeNative(failedCrop, quality),
                    "shows what is at the old position now."));
        }
        return out;
    }

    /**
     * The image with the baseline crop drawn into the corner farthest from {@code avoid}, for a
     * server that takes one image; null without a baseline crop, with extra images off, or when
     * the image is too small to give up a corner.
     */
    private Marker.Inset inset(LocateQuery query, Image image, Point avoid) {
        Image baseline = query.baselineCrop();
        if (!extraImages || baseline == null) {
            return null;
        }
        Point inside = avoid != null && avoid.x() >= 0 && avoid.y() >= 0 && avoid.x() < image.width()
                && avoid.y() < image.height() ? avoid : null;
        return Marker.withReference(image, baseline, inside);
    }

    private String encodeNative(Image image, float quality) {
        return FrameEncoder.encode(image, new SentSize(image.width(), image.height()), imageFormat, quality).dataUrl();
    }

    static Rect zoomWindow(Conventions.Located first, Image screen) {
        Rect box = first.box();
        int w = Math.max(ZOOM_MIN_WIDTH, roundUp28(box == null ? 0 : 3 * box.width()));
        int h = Math.max(ZOOM_MIN_HEIGHT, roundUp28(box == null ? 0 : 3 * box.height()));
        w = Math.min(w, screen.width());
        h = Math.min(h, screen.height());
        return Rect.centeredWithin(first.point(), w, h, screen.width(), screen.height());
    }

    private static int roundUp28(int v) {
        return (v + 27) / 28 * 28;
    }

    /** The second point must fall in the first box, with a margin; without a box, near the first point. */
    static boolean agrees(Conventions.Located first, Conventions.Located second) {
        Rect box = first.box();
        Point p = second.point();
        if (box == null) {
            return first.point().distanceTo(p) <= 24;
        }
        int mx = Math.max(8, box.width() / 4);
        int my = Math.max(8, box.height() / 4);
        return p.x() >= box.x() - mx && p.x() < box.right() + mx && p.y() >= box.y() - my && p.y() < box.bottom() + my;
    }

    private static Stage failed(LocateResult failure) {
        return new Stage(null, 0, false, false, "", failure);
    }

    private LocateResult notFound(String reason, SpendTally spend) {
        return new LocateResult(LocateResult.Status.NOT_FOUND, List.of(), apiKey.redact(reason), spend.total());
    }

    private static LocateResult withReason(LocateResult r, String reason) {
        return new LocateResult(r.status(), List.of(), reason, r.cost());
    }

    /**
     * Asks whether the element at {@code point} is the one {@code description} names: a crop of
     * the screen around the point, with a ring drawn on it, goes to the model. Every failure
     * answers "no match" with confidence 0 and the reason; never throws.
     */
    @Override
    public ElementCheck verifyElement(Image screen, Point point, String description) {
        SpendTally spend = new SpendTally();
        try {
            if (point.x() >= screen.width() || point.y() >= screen.height()) {
                return new ElementCheck(false, 0, "point " + point + " is outside the " + screen.width() + "x"
                        + screen.height() + " screen", Cost.FREE);
            }
            String over = ledger.exhausted();
            if (over != null) {
                return new ElementCheck(false, 0, over, Cost.FREE);
            }
            Rect window = Rect.centeredWithin(point, Math.min(ZOOM_MIN_WIDTH, screen.width()),
                    Math.min(ZOOM_MIN_HEIGHT, screen.height()), screen.width(), screen.height());
            Image marked = Marker.ring(screen.crop(window), point.x() - window.x(), point.y() - window.y());
            SentSize sent = SentSize.forProfile(profile, window.width(), window.height(), 1);
            Convention.Frame frame = calibrator.current().frame(sent);
            FrameEncoder.Encoded encoded = FrameEncoder.encode(marked, sent, imageFormat, jpegQuality);
            String text = description == null ? "" : description;
            ChatReply reply = send(f -> f.verify(encoded.dataUrl(), frame, text), spend);
            if (!reply.ok()) {
                return new ElementCheck(false, 0, reply.reason(), spend.total());
            }
            ModelAnswer answer = AnswerParser.parseCheck(reply.content());
            double confidence = answer.hasConfidence() ? answer.confidence() : assumedConfidence;
            return new ElementCheck(answer.matches(), confidence, apiKey.redact(answer.reasoning()), spend.total());
        } catch (AnswerParser.UnreadableAnswer e) {
            return new ElementCheck(false, 0, apiKey.redact("unusable model answer: " + e.getMessage()), spend.total());
        } catch (RuntimeException e) {
            String reason = apiKey.redact("vision check failed: " + e);
            LOG.warn("{}", reason);
            return new ElementCheck(false, 0, reason, spend.total());
        }
    }

    /** Shows the endpoint, model and profile; never the key. */
    @Override
    public String toString() {
        return "OpenRouterVisionLocator[endpoint=" + endpoint + ", model=" + model + ", profile=" + profile
                + ", zoom=" + zoom + ", minConfidence=" + minConfidence + ", apiKey=" + apiKey + "]";
    }

    /**
     * Configures an {@link OpenRouterVisionLocator}. Setters reject bad values at once, naming the
     * value; {@link #build()} rejects a missing model or key. Not thread-safe; the locator is.
     */
    public static final class Builder {
        private String baseUrl = DEFAULT_BASE_URL;
        private String apiKey;
        private String model;
        private ModelProfile profile;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Sleeper sleeper = Sleeper.system();
        private Clock clock = Clock.systemUTC();
        private boolean zoom = true;
        private double minConfidence = DEFAULT_MIN_CONFIDENCE;
        private double assumedConfidence = DEFAULT_ASSUMED_CONFIDENCE;
        private CostBudget budget = CostBudget.UNLIMITED;
        private ImageFormat imageFormat = ImageFormat.JPEG;
        private float jpegQuality = DEFAULT_JPEG_QUALITY;
        private Boolean extraImages;
        private Boolean structuredOutput;
        private Boolean providerRouting;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private Calibration calibration = Calibration.AUTO;
        private CalibrationCache calibrationCache;
        private boolean secondScale = true;
        private boolean seededSample = true;
        private LongSupplier seeds = () -> ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        private SimilarityScorer similarity = new GreyCorrelation();
        private double agreementConfidence = DEFAULT_AGREEMENT_CONFIDENCE;
        private OkHttpClient httpClient;
        private Function<String, String> environment = System::getenv;
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /** API base, default {@value #DEFAULT_BASE_URL}; the locator posts to {@code baseUrl + "/chat/completions"}. */
        public Builder baseUrl(String baseUrl) {
            if (baseUrl == null || HttpUrl.parse(baseUrl.strip()) == null) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL, got " + baseUrl);
            }
            this.baseUrl = baseUrl.strip();
            return this;
        }

        /** The API key, sent as {@code Authorization: Bearer}; default from {@code OPENROUTER_API_KEY}. */
        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = apiKey.strip();
            return this;
        }

        /** The model id, e.g. {@code qwen/qwen2.5-vl-72b-instruct}; required. Also picks the profile. */
        public Builder model(String model) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank, got \"" + model + "\"");
            }
            this.model = model.strip();
            return this;
        }

        /** Overrides the profile chosen by {@link ModelProfile#forModel} from the model id. */
        public Builder profile(ModelProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /**
         * Forces the profile named {@code name} (see {@link ModelProfile#named}), e.g. from a
         * {@code --vision-profile} option; case, dots and dashes are ignored.
         *
         * @throws IllegalArgumentException naming the known profiles when the name is unknown
         */
        public Builder profile(String name) {
            this.profile = ModelProfile.named(name);
            return this;
        }

        /** When to check the model's coordinate convention with synthetic screenshots, default {@link Calibration#AUTO}. */
        public Builder calibration(Calibration calibration) {
            this.calibration = Objects.requireNonNull(calibration, "calibration");
            return this;
        }

        /**
         * Where calibration results are kept, keyed by endpoint, model and profile; default a new
         * {@link CalibrationCache#inMemory()} per built locator. Pass one instance to several
         * locators (or one over the host's store) so a new locator reuses what an earlier one
         * found instead of paying two calibration calls again. {@link OpenRouterVisionLocator#calibrate}
         * replaces the entry.
         */
        public Builder calibrationCache(CalibrationCache cache) {
            this.calibrationCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /**
         * Confidence given when the zoom stage agrees with an answer that stated none (grounding
         * models such as UI-TARS, GTA1, Holo and OpenCUA), 0..1, default {@value #DEFAULT_AGREEMENT_CONFIDENCE}.
         */
        public Builder agreementConfidence(double confidence) {
            this.agreementConfidence = unit(confidence, "agreementConfidence");
            return this;
        }

        /**
         * Whether an answer that states no confidence, once the zoom stage agreed, is asked once
         * more (a second sample); default on. One more call per such heal; off leaves the zoom
         * stage and local similarity. The second sample is a repeat with another seed where the
         * family takes one (see {@link #seededSample}), otherwise the screenshot at a quarter of
         * the pixels (about half of each side).
         */
        public Builder secondScale(boolean secondScale) {
            this.secondScale = secondScale;
            return this;
        }

        /**
         * Whether the second sample is, where the family takes a {@code seed} and a temperature
         * above 0 ({@link ModelProfile#acceptsSeed()}), the same screenshot asked again with a
         * random seed at {@link ModelProfile#sampleTemperature()}; default on. Off (or a family
         * without seeds) asks at a quarter of the pixels instead. Its image is encoded once for
         * both questions; its tokens are those of the first question.
         */
        public Builder seededSample(boolean seededSample) {
            this.seededSample = seededSample;
            return this;
        }

        /** For tests: the seeds of repeated samples. */
        Builder seeds(LongSupplier seeds) {
            this.seeds = Objects.requireNonNull(seeds, "seeds");
            return this;
        }

        /**
         * How the baseline crop is compared with the screen at an answer that states no
         * confidence (the host's own scorer, e.g. the core's); default a normalised
         * cross-correlation of grey values. Must be thread-safe; a scorer that throws gives no signal.
         */
        public Builder similarityScorer(SimilarityScorer scorer) {
            this.similarity = Objects.requireNonNull(scorer, "scorer");
            return this;
        }

        /** TCP connect timeout, default 10 s; positive. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Timeout between bytes read, default 60 s; positive. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /** Timeout of one whole HTTP call, default 120 s; positive. */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        /** Retries of transient failures, default {@link RetryPolicy#DEFAULT}. */
        public Builder retryPolicy(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** How retries wait, default {@link Sleeper#system()}; tests inject one that does not. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Time source for the retry deadline and the budget windows, default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Two-stage zoom on or off, default on (one more call per locate, far fewer wrong answers). */
        public Builder zoom(boolean zoom) {
            this.zoom = zoom;
            return this;
        }

        /**
         * Confidence below which locate answers NOT_FOUND, 0..1, default 0.80; the query's own
         * minimum applies too, whichever is higher.
         */
        public Builder minConfidence(double minConfidence) {
            this.minConfidence = unit(minConfidence, "minConfidence");
            return this;
        }

        /** Confidence given to answers that state none, 0..1, default 0.50. */
        public Builder assumedConfidence(double assumedConfidence) {
            this.assumedConfidence = unit(assumedConfidence, "assumedConfidence");
            return this;
        }

        /** Spending caps per hour and day, default {@link CostBudget#UNLIMITED}. */
        public Builder budget(CostBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /** Image encoding, default JPEG. */
        public Builder imageFormat(ImageFormat format) {
            this.imageFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /** JPEG quality, 0.1..1, default 0.90. */
        public Builder jpegQuality(float quality) {
            if (!(quality >= 0.1f && quality <= 1f)) {
                throw new IllegalArgumentException("jpegQuality must be within 0.1..1, got " + quality);
            }
            this.jpegQuality = quality;
            return this;
        }

        /** Whether to send the baseline and failed crops as extra images; default per profile. */
        public Builder extraImages(boolean extraImages) {
            this.extraImages = extraImages;
            return this;
        }

        /** Whether to request {@code response_format} with a JSON schema; default per profile. */
        public Builder structuredOutput(boolean structuredOutput) {
            this.structuredOutput = structuredOutput;
            return this;
        }

        /**
         * Whether to add {@code provider.require_parameters: true} (OpenRouter routes only to
         * providers honouring the schema); default on when the base URL is OpenRouter's.
         */
        public Builder providerRouting(boolean providerRouting) {
            this.providerRouting = providerRouting;
            return this;
        }

        /** Largest response body read, 1 KiB..64 MiB, default 1 MiB; larger answers are errors. */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1024 || bytes > 64L << 20) {
                throw new IllegalArgumentException("maxResponseBytes must be within 1024..67108864, got " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /** {@code max_tokens} of the answer, 16..32768, default 1024. */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 16 || maxTokens > 32768) {
                throw new IllegalArgumentException("maxTokens must be within 16..32768, got " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /** The HTTP client to derive from (connection pool, interceptors); timeouts above still apply. */
        public Builder httpClient(OkHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** For tests: where {@code OPENROUTER_API_KEY} is looked up. */
        Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** For tests: the jitter source, uniform in [0, 1). */
        Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /**
         * @throws IllegalStateException if the model is missing, or OpenRouter is the target and no
         *     key is given nor in {@code OPENROUTER_API_KEY}
         */
        public OpenRouterVisionLocator build() {
            if (model == null) {
                throw new IllegalStateException("model is not set: call model(\"qwen/qwen2.5-vl-72b-instruct\") "
                        + "or another vision model id");
            }
            HttpUrl base = HttpUrl.parse(baseUrl);
            // A trailing slash leaves an empty last segment, which OkHttp replaces rather than keeps.
            HttpUrl endpoint = Objects.requireNonNull(base, baseUrl).newBuilder().addPathSegments("chat/completions")
                    .build();
            String key = apiKey != null ? apiKey : environment.apply(API_KEY_ENV);
            Secret secret = Secret.of(key);
            boolean openRouter = base.host().equals("openrouter.ai") || base.host().endsWith(".openrouter.ai");
            if (!secret.present() && openRouter) {
                throw new IllegalStateException("no API key for " + base.host() + ": call apiKey(...) or set "
                        + API_KEY_ENV);
            }
            return new OpenRouterVisionLocator(this, secret, endpoint,
                    profile != null ? profile : ModelProfile.forModel(model));
        }

        /** Shows the settings; never the key. */
        @Override
        public String toString() {
            return "OpenRouterVisionLocator.Builder[baseUrl=" + baseUrl + ", model=" + model + ", profile=" + profile
                    + ", apiKey=" + (apiKey == null ? "unset" : "[redacted]") + "]";
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }

        private static double unit(double v, String name) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(name + " must be within 0..1, got " + v);
            }
            return v;
        }
    }
}
