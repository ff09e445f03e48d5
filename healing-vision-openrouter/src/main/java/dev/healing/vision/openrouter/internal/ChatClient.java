package dev.healing.vision.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.Cost;
import dev.healing.vision.openrouter.RetryPolicy;
import dev.healing.api.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts chat-completion requests and reads the answers: status handling, retries with backoff and
 * jitter honouring {@code Retry-After} within the attempts and the total deadline, a cap on the
 * response size, {@code usage} into {@link Cost}. Never throws for HTTP or network failures, and
 * never puts the API key into a reason or a log line. Thread-safe.
 */
public final class ChatClient {
    private static final Logger LOG = LoggerFactory.getLogger(ChatClient.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    /** Statuses worth another attempt: timeouts, rate limits, upstream trouble, overload. */
    private static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 524, 529);

    private final OkHttpClient http;
    private final HttpUrl endpoint;
    private final Secret apiKey;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final Clock clock;
    private final long maxResponseBytes;
    private final DoubleSupplier jitter;
    private final ObjectMapper json;

    /**
     * @param jitter returns a uniform value in [0, 1) for each wait
     */
    public ChatClient(OkHttpClient http, HttpUrl endpoint, Secret apiKey, RetryPolicy retry, Sleeper sleeper,
                      Clock clock, long maxResponseBytes, DoubleSupplier jitter, ObjectMapper json) {
        this.http = http;
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.retry = retry;
        this.sleeper = sleeper;
        this.clock = clock;
        this.maxResponseBytes = maxResponseBytes;
        this.jitter = jitter;
        this.json = json;
    }

    /** One exchange's outcome, before the retry decision. */
    private record Attempt(ChatReply.Kind kind, String content, String reason, Cost cost, boolean retryable,
                           Duration retryAfter, boolean empty) {
    }

    /** Sends {@code body} (a JSON document) and returns the answer or why there is none. */
    public ChatReply send(byte[] body) {
        Instant deadline = clock.instant().plus(retry.totalDeadline());
        Cost spent = Cost.FREE;
        boolean emptyRetried = false;
        String lastReason = "";
        int attempts = 0;
        while (true) {
            attempts++;
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                return failed("gave up: the total deadline of " + retry.totalDeadline().toSeconds()
                        + " s passed" + (lastReason.isEmpty() ? "" : " (last: " + lastReason + ")"), spent);
            }
            Attempt a = exchange(body, remaining);
            spent = spent.plus(a.cost());
            if (a.kind() == ChatReply.Kind.OK && a.empty()) {
                if (!emptyRetried) {
                    emptyRetried = true;
                    attempts--;
                    LOG.debug("model sent empty content; asking once more");
                    continue;
                }
                return failed("the model answered with empty content twice", spent);
            }
            if (a.kind() != ChatReply.Kind.FAILED) {
                return new ChatReply(a.kind(), a.content(), apiKey.redact(a.reason()), spent);
            }
            lastReason = a.reason();
            if (!a.retryable()) {
                return failed(a.reason(), spent);
            }
            if (attempts >= retry.maxAttempts()) {
                return failed("gave up after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                        + a.reason(), spent);
            }
            Duration wait = a.retryAfter() != null ? a.retryAfter() : jittered(retry.backoffAfter(attempts));
            Duration left = Duration.between(clock.instant(), deadline);
            if (wait.compareTo(left) >= 0) {
                return failed("gave up after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                        + a.reason() + "; the next wait of " + wait.toMillis() + " ms would pass the deadline",
                        spent);
            }
            LOG.debug("attempt {} failed ({}); retrying in {} ms", attempts, apiKey.redact(a.reason()), wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted while waiting to retry after: " + a.reason(), spent);
            }
        }
    }

    private ChatReply failed(String reason, Cost spent) {
        return new ChatReply(ChatReply.Kind.FAILED, "", apiKey.redact(reason), spent);
    }

    private Duration jittered(Duration base) {
        long ms = base.toMillis();
        return Duration.ofMillis(ms / 2 + (long) (jitter.getAsDouble() * (ms - ms / 2)));
    }

    private Attempt exchange(byte[] body, Duration remaining) {
        Request.Builder request = new Request.Builder()
                .url(endpoint)
                .header("Accept", "application/json")
                .header("X-Title", "healing")
                .post(RequestBody.create(body, JSON_TYPE));
        if (apiKey.present()) {
            request.header("Authorization", "Bearer " + apiKey.reveal());
        }
        Call call = http.newCall(request.build());
        long callMs = http.callTimeoutMillis() > 0 ? Math.min(http.callTimeoutMillis(), remaining.toMillis())
                : remaining.toMillis();
        call.timeout().timeout(Math.max(1, callMs), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            String text = readCapped(response.body());
            if (text == null) {
                return failure("the response body is larger than " + maxResponseBytes + " bytes", false, null);
            }
            return interpret(response.code(), text, retryAfter(response.header("Retry-After")));
        } catch (InterruptedIOException e) {
            return failure("timed out: " + describe(e), true, null);
        } catch (IOException e) {
            return failure("network error: " + describe(e), true, null);
        } catch (RuntimeException e) {
            // OkHttp reports some transport faults unchecked; keep them inside the result.
            return failure("HTTP client error: " + describe(e), false, null);
        }
    }

    private Attempt interpret(int status, String text, Duration retryAfter) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            root = null;
        }
        JsonNode error = root == null ? null : root.get("error");
        if (retryAfter == null && error != null) {
            retryAfter = retryAfterSeconds(error);
        }
        if (status != 200) {
            String message = errorMessage(error, text);
            String reason = "HTTP " + status + " " + statusName(status) + ": " + message;
            if (imageTooLarge(status, error, text)) {
                return new Attempt(ChatReply.Kind.IMAGE_TOO_LARGE, "", reason, Cost.FREE, false, null, false);
            }
            ChatReply.Kind refused = refusal(error, text);
            if (refused != null) {
                return new Attempt(refused, "", reason, Cost.FREE, false, null, false);
            }
            return failure(reason, RETRYABLE.contains(status), retryAfter);
        }
        if (root == null || !root.isObject()) {
            return failure("HTTP 200 with a body that is not a JSON object: " + apiKey.excerpt(text, 120), true,
                    null);
        }
        Cost cost = usage(root.get("usage"));
        if (error != null && !error.isNull()) {
            int code = error.path("code").asInt(0);
            String reason = "the model provider failed" + (code > 0 ? " (" + code + ")" : "") + ": "
                    + errorMessage(error, text);
            if (imageTooLarge(code, error, text)) {
                return new Attempt(ChatReply.Kind.IMAGE_TOO_LARGE, "", reason, cost, false, null, false);
            }
            ChatReply.Kind refused = refusal(error, text);
            if (refused != null) {
                return new Attempt(refused, "", reason, cost, false, null, false);
            }
            return new Attempt(ChatReply.Kind.FAILED, "", reason, cost, code == 0 || RETRYABLE.contains(code),
                    retryAfter, false);
        }
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            return new Attempt(ChatReply.Kind.FAILED, "", "HTTP 200 without choices", cost, true, null, false);
        }
        JsonNode message = choices.get(0).path("message");
        String content = contentText(message.get("content"));
        if (content.isBlank()) {
            // Reasoning models on some servers leave content empty and put the whole answer in the reasoning.
            content = contentText(message.get("reasoning_content"));
            if (content.isBlank()) {
                content = contentText(message.get("reasoning"));
            }
        }
        // Redact before anything reads, cuts or quotes the answer; an over-long answer is refused by length alone.
        if (content.length() <= AnswerParser.MAX_TEXT) {
            content = apiKey.redact(content);
        }
        return new Attempt(ChatReply.Kind.OK, content, "", cost, false, null, content.isBlank());
    }

    /** Content is a string, or a list of parts with {@code text} (some OpenAI-compatible servers). */
    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("text").isTextual()) {
                    sb.append(part.path("text").textValue());
                }
            }
            return sb.toString();
        }
        return content.toString();
    }

    private static Cost usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return new Cost(1, 0, 0, 0);
        }
        long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
        double usd = positive(usage.path("cost").asDouble(0));
        // With BYOK OpenRouter bills only its fee; the provider's own charge is reported apart.
        usd += positive(usage.path("cost_details").path("upstream_inference_cost").asDouble(0));
        return new Cost(1, prompt, completion, usd);
    }

    private static double positive(double v) {
        return Double.isFinite(v) && v > 0 ? v : 0;
    }

    /** OpenRouter's {@code error.metadata.retry_after_seconds}, read like {@code Retry-After}; null when absent. */
    private static Duration retryAfterSeconds(JsonNode error) {
        JsonNode v = error.path("metadata").path("retry_after_seconds");
        if (!v.isNumber() && !v.isTextual()) {
            return null;
        }
        double seconds;
        try {
            seconds = v.isNumber() ? v.doubleValue() : Double.parseDouble(v.textValue().trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (!Double.isFinite(seconds) || seconds < 0) {
            return null;
        }
        return Duration.ofMillis((long) Math.min(seconds * 1000, Long.MAX_VALUE / 2.0));
    }

    /**
     * A request the server refuses for its shape rather than its content: one image per request
     * (vLLM's "At most 1 image(s)"), or no provider for the requested parameters (OpenRouter).
     */
    private static ChatReply.Kind refusal(JsonNode error, String text) {
        String haystack = (error != null ? error.toString() : text).toLowerCase(Locale.ROOT);
        if (haystack.contains("at most 1 image")) {
            return ChatReply.Kind.ONE_IMAGE_ONLY;
        }
        if (haystack.contains("requested parameters")) {
            return ChatReply.Kind.PARAMETERS_UNSUPPORTED;
        }
        return null;
    }

    private static boolean imageTooLarge(int status, JsonNode error, String text) {
        if (status == 413) {
            return true;
        }
        String haystack = (error != null ? error.toString() : text).toLowerCase(Locale.ROOT);
        return haystack.contains("image_too_large") || haystack.contains("image too large")
                || haystack.contains("image is too large");
    }

    /** The server's message, redacted before it is cut or collapsed. */
    private String errorMessage(JsonNode error, String text) {
        if (error != null && error.path("message").isTextual()) {
            String raw = error.path("raw").isTextual() ? " (upstream: " + error.path("raw").textValue() + ")" : "";
            JsonNode meta = error.path("metadata");
            if (raw.isEmpty() && meta.path("raw").isTextual()) {
                raw = " (upstream: " + meta.path("raw").textValue() + ")";
            }
            return apiKey.excerpt(error.path("message").textValue() + raw, 240);
        }
        return text.isBlank() ? "(empty body)" : apiKey.excerpt(text, 120);
    }

    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized: the API key is missing, invalid or disabled";
            case 402 -> "payment required: the account or key is out of credits";
            case 403 -> "forbidden: the input was flagged or the key lacks permission";
            case 404 -> "not found: check the base URL and the model id";
            case 408 -> "request timeout";
            case 413 -> "payload too large";
            case 429 -> "rate limited";
            case 500 -> "server error";
            case 502 -> "bad gateway: the model is down or answered badly";
            case 503 -> "unavailable: no provider meets the routing requirements";
            case 524 -> "upstream timeout";
            case 529 -> "provider overloaded";
            default -> "error";
        };
    }

    private Attempt failure(String reason, boolean retryable, Duration retryAfter) {
        return new Attempt(ChatReply.Kind.FAILED, "", reason, Cost.FREE, retryable, retryAfter, false);
    }

    private String describe(Exception e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : " " + apiKey.excerpt(msg, 120));
    }

    /** Reads at most {@code maxResponseBytes}; {@code null} when the body is larger. */
    private String readCapped(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        if (body.contentLength() > maxResponseBytes) {
            return null;
        }
        BufferedSource source = body.source();
        if (source.request(maxResponseBytes + 1)) {
            return null;
        }
        return source.getBuffer().readString(StandardCharsets.UTF_8);
    }

    /** Seconds or an HTTP date; {@code null} when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        try {
            double seconds = Double.parseDouble(v);
            if (!Double.isFinite(seconds) || seconds < 0) {
                return null;
            }
            return Duration.ofMillis((long) Math.min(seconds * 1000, Long.MAX_VALUE / 2.0));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
