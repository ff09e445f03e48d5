package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
final class ErrorHandlingTest {
    private static final String GOOD = "{\"found\": true, \"bbox\": [600, 300, 716, 428], \"point\": [658, 364], "
            + "\"confidence\": 0.93, \"reasoning\": \"Save\"}";
    private static Image screen;

    private MockWebServer server;
    private FakeChat.MutableClock clock;
    private FakeChat.RecordingSleeper sleeper;

    @BeforeAll
    static void screen() {
        screen = FrameEncoderStripes.screen();
    }

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        clock = new FakeChat.MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
        sleeper = new FakeChat.RecordingSleeper(clock);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private OpenRouterVisionLocator.Builder builder() {
        return OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/api/v1").toString())
                .model("qwen/qwen2.5-vl-72b-instruct").apiKey(FakeChat.KEY).zoom(false)
                .clock(clock).sleeper(sleeper);
    }

    private static LocateQuery query() {
        return FakeChat.query(screen, new Point(960, 540), null, "Click the Save button");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 402, 403})
    void locate_clientErrors_failAtOnceWithAClearMessage(int status) {
        server.enqueue(FakeChat.error(status, "Provider said no"));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().startsWith("HTTP " + status + " "), r.reason());
        assertTrue(r.reason().contains("Provider said no"), r.reason());
        assertEquals(1, server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void locate_401_explainsTheKey() {
        server.enqueue(FakeChat.error(401, "No auth credentials found"));
        LocateResult r = builder().build().locate(query());
        assertTrue(r.reason().contains("API key is missing, invalid or disabled"), r.reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 524, 529})
    void locate_transientStatus_retriesWithJitteredBackoffThenSucceeds(int status) {
        server.enqueue(FakeChat.error(status, "try later"));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(2, server.getRequestCount());
        assertEquals(1, sleeper.waits.size());
        Duration wait = sleeper.waits.get(0);
        assertTrue(wait.toMillis() >= 500 && wait.toMillis() <= 1000, "jittered 1 s backoff: " + wait);
    }

    @Test
    void locate_retryAfterSeconds_isHonoured() {
        server.enqueue(FakeChat.error(429, "slow down").setHeader("Retry-After", "7"));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(Duration.ofSeconds(7), sleeper.waits.get(0));
    }

    @Test
    void locate_retryAfterHttpDate_isHonoured() {
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(12).atZone(ZoneOffset.UTC));
        server.enqueue(FakeChat.error(503, "busy").setHeader("Retry-After", at));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(Duration.ofSeconds(12), sleeper.waits.get(0));
    }

    @Test
    void locate_alwaysUnavailable_givesUpAfterMaxAttempts() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(FakeChat.error(503, "no provider"));
        }
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().startsWith("gave up after 3 attempts: HTTP 503"), r.reason());
        assertEquals(3, server.getRequestCount());
        assertEquals(2, sleeper.waits.size());
        long second = sleeper.waits.get(1).toMillis();
        assertTrue(second >= 1000 && second <= 2000, "exponential: " + second);
    }

    @Test
    void locate_retryAfterBeyondTheDeadline_givesUpWithoutWaiting() {
        server.enqueue(FakeChat.error(429, "slow down").setHeader("Retry-After", "600"));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("would pass the deadline"), r.reason());
        assertTrue(sleeper.waits.isEmpty());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void locate_totalDeadline_boundsTheRetries() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(FakeChat.error(502, "bad gateway").setHeader("Retry-After", "4"));
        }
        LocateResult r = builder().retryPolicy(new RetryPolicy(10, Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofSeconds(8))).build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertEquals(3, server.getRequestCount(), "4 s + 4 s waits fit in 10 s, a third does not");
        assertTrue(r.reason().contains("deadline"), r.reason());
    }

    @Test
    void locate_okStatusWithErrorObject_isAnError() {
        server.enqueue(FakeChat.json(200, "{\"error\": {\"code\": 400, \"message\": \"Provider returned error\"}}"));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("Provider returned error"), r.reason());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void locate_okStatusWithTransientErrorObject_isRetried() {
        server.enqueue(FakeChat.json(200, "{\"error\": {\"code\": 502, \"message\": \"upstream died\"}}"));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void locate_emptyContent_isAskedOnceMore() {
        server.enqueue(FakeChat.answer(""));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(2, server.getRequestCount());
        assertEquals(2, r.cost().calls());
    }

    @Test
    void locate_emptyContentTwice_givesUp() {
        server.enqueue(FakeChat.answer(null));
        server.enqueue(FakeChat.answer("   "));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("empty content twice"), r.reason());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void locate_imageTooLarge_reencodesSmallerOnce() throws Exception {
        server.enqueue(FakeChat.json(400, "{\"error\": {\"code\": \"image_too_large\", \"message\": \"Image exceeds limit\"}}"));
        server.enqueue(FakeChat.answer("{\"found\": true, \"bbox\": [300, 150, 344, 214], \"point\": [322, 182], "
                + "\"confidence\": 0.9, \"reasoning\": \"Save\"}"));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        Image first = FakeChat.decode(FakeChat.imageUrls(FakeChat.body(server.takeRequest())).get(0));
        Image second = FakeChat.decode(FakeChat.imageUrls(FakeChat.body(server.takeRequest())).get(0));
        assertEquals(1316, first.width());
        assertTrue((long) second.width() * second.height() <= ModelProfile.QWEN_PIXEL_BUDGET / 4, second.toString());
        assertEquals(644, second.width());
        assertEquals(364, second.height());
        // The answer is read against the smaller image it refers to.
        Point p = r.candidates().get(0).point();
        assertEquals(new Point(960, 540), p);
    }

    @Test
    void locate_imageTooLargeTwice_givesUp() {
        server.enqueue(FakeChat.error(413, "too big"));
        server.enqueue(FakeChat.error(413, "too big"));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().startsWith("image still too large"), r.reason());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void locate_hugeBody_isCappedNotRead() {
        server.enqueue(FakeChat.json(200, "{\"pad\": \"" + "x".repeat(3 << 20) + "\"}"));
        LocateResult r = builder().retryPolicy(RetryPolicy.NONE).build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("larger than 1048576 bytes"), r.reason());
    }

    @Test
    void locate_hugeBodyWithoutContentLength_isCappedToo() {
        server.enqueue(FakeChat.json(200, "").setChunkedBody("{\"pad\": \"" + "y".repeat(200_000) + "\"}", 4096));
        LocateResult r = builder().retryPolicy(RetryPolicy.NONE).maxResponseBytes(64 * 1024).build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("larger than 65536 bytes"), r.reason());
    }

    @Test
    void locate_serverNeverAnswers_timesOutWithAReason() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        LocateResult r = builder().retryPolicy(RetryPolicy.NONE).readTimeout(Duration.ofMillis(300)).build()
                .locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("timed out"), r.reason());
    }

    @Test
    void locate_connectionRefused_isANetworkError() throws IOException {
        String url = server.url("/api/v1").toString();
        server.shutdown();
        LocateResult r = OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(url).model("qwen/qwen2.5-vl-72b-instruct")
                .apiKey(FakeChat.KEY).zoom(false).clock(clock).sleeper(sleeper).build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("network error"), r.reason());
        assertEquals(2, sleeper.waits.size(), "retried within the attempts");
    }

    @Test
    void locate_htmlInsteadOfJson_isAnError() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(200).setBody("<html>gateway</html>"));
        }
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("not a JSON object"), r.reason());
    }

    @Test
    void locate_noProviderForTheRequestedParameters_asksThatRequestAgainWithoutThemEachTime() throws Exception {
        server.enqueue(FakeChat.error(404, "No endpoints found that can handle the requested parameters."));
        server.enqueue(FakeChat.answer(GOOD));
        server.enqueue(FakeChat.answer(GOOD));
        OpenRouterVisionLocator locator = builder().providerRouting(true).build();
        assertEquals(LocateResult.Status.FOUND, locator.locate(query()).status());
        assertEquals(LocateResult.Status.FOUND, locator.locate(query()).status());
        com.fasterxml.jackson.databind.JsonNode first = FakeChat.body(server.takeRequest());
        com.fasterxml.jackson.databind.JsonNode second = FakeChat.body(server.takeRequest());
        com.fasterxml.jackson.databind.JsonNode third = FakeChat.body(server.takeRequest());
        assertTrue(first.has("response_format") && first.has("provider"));
        assertTrue(!second.has("response_format") && !second.has("provider"));
        assertTrue(third.has("response_format") && third.has("provider"),
                "the fallback is per request, not switched off for the locator's life");
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void locate_otherNoEndpointsMessage_doesNotDropTheSchema() throws Exception {
        server.enqueue(FakeChat.error(404, "No endpoints found matching your data policy."));
        LocateResult r = builder().providerRouting(true).build().locate(query());
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().contains("data policy"), r.reason());
        assertEquals(1, server.getRequestCount(), "no retry without the schema");
    }

    @Test
    void locate_retryAfterSecondsInErrorMetadata_isHonouredLikeTheHeader() {
        server.enqueue(FakeChat.json(429, "{\"error\": {\"code\": 429, \"message\": \"upstream rate limited\", "
                + "\"metadata\": {\"retry_after_seconds\": 7}}}"));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = builder().build().locate(query());
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits);
    }

    @Test
    void locate_byokUsage_addsTheUpstreamInferenceCost() {
        server.enqueue(FakeChat.json(200, "{\"choices\": [{\"message\": {\"content\": "
                + FakeChat.JSON.valueToTree(GOOD) + "}}], \"usage\": {\"prompt_tokens\": 900, "
                + "\"completion_tokens\": 30, \"cost\": 0.0001, \"is_byok\": true, "
                + "\"cost_details\": {\"upstream_inference_cost\": 0.0040}}}"));
        LocateResult r = builder().build().locate(query());
        assertEquals(0.0041, r.cost().usd(), 1e-12);
    }

    @Test
    void locate_serverTakesOneImage_retriesWithTheScreenshotAloneAndRemembers() throws Exception {
        server.enqueue(FakeChat.error(400, "At most 1 image(s) may be provided in one request."));
        server.enqueue(FakeChat.answer(GOOD));
        server.enqueue(FakeChat.answer(GOOD));
        OpenRouterVisionLocator locator = builder().extraImages(true).build();
        LocateQuery q = FakeChat.query(screen, new Point(960, 540), Image.filled(100, 100, 0x336699), "Save");
        assertEquals(LocateResult.Status.FOUND, locator.locate(q).status());
        assertEquals(LocateResult.Status.FOUND, locator.locate(q).status());
        assertTrue(FakeChat.imageUrls(FakeChat.body(server.takeRequest())).size() > 1);
        assertEquals(1, FakeChat.imageUrls(FakeChat.body(server.takeRequest())).size());
        assertEquals(1, FakeChat.imageUrls(FakeChat.body(server.takeRequest())).size(), "remembered");
    }

    @Test
    void locate_usage_isParsedIntoTheCost() {
        server.enqueue(FakeChat.answer(GOOD, 1500, 60, 0.0042));
        LocateResult r = builder().build().locate(query());
        assertEquals(1, r.cost().calls());
        assertEquals(1500, r.cost().promptTokens());
        assertEquals(60, r.cost().completionTokens());
        assertEquals(0.0042, r.cost().usd(), 1e-12);
    }

    @Test
    void locate_interruptedWhileWaiting_returnsAndKeepsTheFlag() {
        server.enqueue(FakeChat.error(429, "slow down"));
        LocateResult r = builder().sleeper(d -> {
            throw new InterruptedException("stop");
        }).build().locate(query());
        boolean interrupted = Thread.interrupted();
        assertTrue(interrupted);
        assertEquals(LocateResult.Status.ERROR, r.status());
        assertTrue(r.reason().startsWith("interrupted"), r.reason());
    }
}
