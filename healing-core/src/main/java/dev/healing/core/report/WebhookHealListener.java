package dev.healing.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.Escalation;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealListener;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts heals that need a person (by default NOT_HEALED and PENDING_APPROVAL) to a chat webhook
 * as JSON that Slack ({@code text}) and Discord ({@code content}) both accept, with the full
 * result under {@code heal}. Posts are asynchronous with a timeout; a failing or slow webhook
 * is logged and never fails or delays a heal. A NOT_HEALED post carries the result's escalation:
 * the suggested next action in the text, and the workflow file, backups and every candidate
 * tried under {@code escalation}. At most {@value #MAX_IN_FLIGHT} posts are in flight;
 * beyond that, posts are dropped and logged. Thread-safe.
 */
public final class WebhookHealListener implements HealListener {
    /** Posts in flight at most; more are dropped so a dead webhook cannot pile up memory. */
    public static final int MAX_IN_FLIGHT = 32;
    /** Default time a post may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(WebhookHealListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHAT_LIMIT = 1900;

    private final URI endpoint;
    private final Duration timeout;
    private final Predicate<HealResult> worthPosting;
    private final HttpClient http;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    /**
     * @param endpoint     the webhook URL (http or https)
     * @param timeout      how long one post may take, 1 ms..60 s
     * @param worthPosting which results to post
     */
    public WebhookHealListener(URI endpoint, Duration timeout, Predicate<HealResult> worthPosting) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("webhook must be an http(s) URL, got " + endpoint);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("timeout must be within 1 ms..60 s, got " + timeout);
        }
        this.timeout = timeout;
        this.worthPosting = Objects.requireNonNull(worthPosting, "worthPosting");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** @return a listener posting escalations and proposals awaiting approval to {@code endpoint} */
    public static WebhookHealListener forEscalations(URI endpoint) {
        return new WebhookHealListener(endpoint, DEFAULT_TIMEOUT,
                r -> r.status() == HealStatus.NOT_HEALED || r.status() == HealStatus.PENDING_APPROVAL);
    }

    @Override
    public void onResult(HealRequest request, HealResult result) {
        Escalation e = result.escalation().orElse(null);
        if (!worthPosting.test(result)) {
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            log.warn("webhook {} is behind; dropped the post for {} step {}", endpoint.getHost(),
                    result.workflowId(), result.stepIndex());
            return;
        }
        HttpRequest post = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(result, e).toString()))
                .build();
        CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(post, HttpResponse.BodyHandlers.discarding());
        pending.add(sent);
        sent.whenComplete((response, error) -> {
            inFlight.decrementAndGet();
            pending.remove(sent);
            if (error != null) {
                log.warn("webhook {} failed: {}", endpoint.getHost(), error.toString());
            } else if (response.statusCode() / 100 != 2) {
                log.warn("webhook {} answered HTTP {}", endpoint.getHost(), response.statusCode());
            }
        });
    }

    /** Waits up to {@code max} for posts in flight to finish; for tests and orderly shutdown. */
    public void awaitPosts(Duration max) {
        CompletableFuture<?>[] all = pending.toArray(new CompletableFuture<?>[0]);
        try {
            CompletableFuture.allOf(all).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // failures are logged per post; a timeout just ends the wait
        }
    }

    static ObjectNode body(HealResult r) {
        return body(r, null);
    }

    static ObjectNode body(HealResult r, Escalation e) {
        String text = message(r);
        if (e != null && !e.suggestedAction().isEmpty()) {
            text = text + " Next: " + e.suggestedAction();
        }
        if (text.length() > CHAT_LIMIT) {
            text = text.substring(0, CHAT_LIMIT) + "...";
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("text", text);
        o.put("content", text);
        o.put("username", "healing");
        o.set("heal", HealResultJson.toNode(r));
        if (e != null) {
            ObjectNode esc = o.putObject("escalation");
            esc.put("description", e.description());
            esc.put("reason", e.reason());
            esc.put("suggestedAction", e.suggestedAction());
            esc.put("workflowLocation", e.workflowLocation());
            e.backups().forEach(esc.putArray("backups")::add);
            var attempts = esc.putArray("attempts");
            for (HealAttempt a : e.attempts()) {
                ObjectNode n = attempts.addObject();
                n.put("number", a.number());
                n.put("x", a.candidate().point().x());
                n.put("y", a.candidate().point().y());
                n.put("locator", a.candidate().source());
                n.put("confidence", a.candidate().confidence());
                n.put("accepted", a.accepted());
                n.put("note", a.note());
            }
        }
        return o;
    }

    private static String message(HealResult r) {
        return switch (r.status()) {
            case PENDING_APPROVAL -> String.format("Heal awaiting approval: %s step %d, %s -> %s by %s "
                    + "(confidence %.2f). %s", r.workflowId(), r.stepIndex(), r.oldPoint().orElse(null), r.newPoint().orElse(null),
                    r.locator().orElse(""), r.confidence().orElse(0), r.reason());
            case NOT_HEALED -> String.format("Heal failed, needs a person: %s step %d at %s (%s, %d attempt(s)). %s",
                    r.workflowId(), r.stepIndex(), r.oldPoint().orElse(null), r.failureKind(), r.attempts(), r.reason());
            default -> String.format("Heal %s: %s step %d, %s -> %s by %s (confidence %.2f)", r.status(),
                    r.workflowId(), r.stepIndex(), r.oldPoint().orElse(null), r.newPoint().orElse(null),
                    r.locator().orElse(""), r.confidence().orElse(0));
        };
    }
}
