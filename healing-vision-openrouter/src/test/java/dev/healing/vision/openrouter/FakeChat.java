package dev.healing.vision.openrouter;

import dev.healing.api.Sleeper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.Point;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/** Helpers for tests that play an OpenAI-compatible server: read requests, write answers, fake time. */
final class FakeChat {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "sk-or-v1-test-5ecret-key-0123456789abcdef";

    private FakeChat() {
    }

    static JsonNode body(RecordedRequest request) {
        try {
            return JSON.readTree(request.getBody().clone().readUtf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the data URLs of the user message, in order */
    static List<String> imageUrls(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            for (JsonNode part : message.path("content")) {
                if ("image_url".equals(part.path("type").asText())) {
                    out.add(part.path("image_url").path("url").asText());
                }
            }
        }
        return out;
    }

    static Image decode(String dataUrl) {
        int comma = dataUrl.indexOf(',');
        return Image.fromPng(Base64.getDecoder().decode(dataUrl.substring(comma + 1)));
    }

    /** @return the text parts of the user message */
    static String text(JsonNode body) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode message : body.path("messages")) {
            if (!"user".equals(message.path("role").asText())) {
                continue;
            }
            for (JsonNode part : message.path("content")) {
                if ("text".equals(part.path("type").asText())) {
                    sb.append(part.path("text").asText());
                }
            }
        }
        return sb.toString();
    }

    /** A 200 chat completion whose assistant content is {@code content}. */
    static MockResponse answer(String content) {
        return answer(content, 1200, 40, 0.0021);
    }

    static MockResponse answer(String content, long promptTokens, long completionTokens, double usd) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "gen-1");
        root.put("object", "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("finish_reason", "stop");
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (content == null) {
            message.putNull("content");
        } else {
            message.put("content", content);
        }
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        usage.put("cost", usd);
        return json(200, root.toString());
    }

    static MockResponse error(int status, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", status);
        error.put("message", message);
        return json(status, root.toString());
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    static LocateQuery query(Image screen, Point old, Image baselineCrop, String description) {
        return new LocateQuery("wf", 3, screen, old, baselineCrop, null, description, FailureKind.MOVED, 0.5);
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records waits and moves the clock instead of sleeping. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();
        private final MutableClock clock;

        RecordingSleeper(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
            clock.advance(duration);
        }
    }
}
