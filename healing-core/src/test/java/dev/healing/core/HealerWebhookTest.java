package dev.healing.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.healing.api.Baseline;
import dev.healing.api.Candidate;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import dev.healing.core.match.FailureClassifier;
import dev.healing.core.report.WebhookHealListener;
import dev.healing.core.workflow.JsonWorkflowStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A healer with the webhook reporter: escalations and class C proposals reach a local HTTP server. */
@Timeout(30)
final class HealerWebhookTest {
    private static final String WF = "post";
    private static final Point OLD = new Point(100, 100);

    @TempDir
    Path dir;
    JsonWorkflowStore workflows;
    InMemoryBaselineStore baselines;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve(WF + ".json"), """
                {"actions": [
                  {"type": "click", "x": 100, "y": 100, "description": "Click Next"},
                  {"type": "click", "x": 100, "y": 100, "description": "Click Publish", "sensitive": true}
                ]}
                """);
        workflows = JsonWorkflowStore.inDirectory(dir);
        baselines = new InMemoryBaselineStore();
        Image before = Fixtures.screenWithButton(OLD);
        for (int step = 0; step < 2; step++) {
            baselines.save(new Baseline(WF, step, OLD, before.cropAround(OLD, 100, 100), before, Instant.EPOCH, null));
        }
    }

    private Healer healer(WebhookHealListener hook, boolean verifies) {
        Point near = new Point(150, 110);
        Locator fixed = new Locator() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public LocateResult locate(LocateQuery query) {
                return LocateResult.found(List.of(Candidate.at(near, 0.97, "fake", "")));
            }
        };
        Image screen = Fixtures.screenWithButton(near);
        return Healer.builder().screen(() -> screen).baselines(baselines).workflows(workflows)
                .verifier((id, step) -> verifies ? VerificationResult.succeeded() : VerificationResult.failedAt(step, 0.2))
                .locator(fixed).sleeper(d -> { }).classifier(FailureClassifier.alwaysRelocate()).listener(hook).build();
    }

    private static HealRequest failing(int step) {
        return HealRequest.of(WF, step, 0.2, null).withConsecutiveFailures(2);
    }

    @Test
    void webhook_escalationWithSuggestedActionAndClassCProposal_posted() throws IOException {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            WebhookHealListener hook = WebhookHealListener.forEscalations(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"));
            assertEquals(HealStatus.NOT_HEALED, healer(hook, false).attemptHeal(failing(0)).status());
            assertEquals(HealStatus.PENDING_APPROVAL, healer(hook, false).attemptHeal(failing(1)).status());
            assertEquals(HealStatus.HEALED, healer(hook, true).attemptHeal(failing(0)).status());
            hook.awaitPosts(Duration.ofSeconds(10));
        } finally {
            server.stop(0);
        }
        assertEquals(2, bodies.size(), "the escalation and the class C proposal, not the heal: " + bodies);
        ObjectMapper json = new ObjectMapper();
        JsonNode escalation = bodies.stream().map(b -> read(json, b)).filter(o -> o.has("escalation")).findFirst()
                .orElseThrow();
        assertTrue(escalation.get("text").asText().contains("Next: Every candidate failed verification"),
                escalation.get("text").asText());
        assertEquals(escalation.get("text").asText(), escalation.get("content").asText());
        JsonNode e = escalation.get("escalation");
        assertTrue(e.get("workflowLocation").asText().endsWith(WF + ".json"));
        assertEquals(1, e.get("backups").size());
        assertEquals(150, e.get("attempts").get(0).get("x").asInt());
        JsonNode proposal = bodies.stream().map(b -> read(json, b)).filter(o -> !o.has("escalation")).findFirst()
                .orElseThrow();
        assertTrue(proposal.get("text").asText().contains("awaiting approval"), proposal.toString());
        assertTrue(proposal.get("text").asText().contains("sensitive"), proposal.toString());
    }

    @Test
    void webhook_deadEndpoint_healStillHealsAndEscalates() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        WebhookHealListener dead = new WebhookHealListener(URI.create("http://127.0.0.1:" + deadPort + "/x"),
                Duration.ofMillis(500), r -> true);
        HealResult healed = healer(dead, true).attemptHeal(failing(0));
        assertEquals(HealStatus.HEALED, healed.status());
        assertEquals(new Point(150, 110), workflows.step(WF, 0).point());
        assertEquals(HealStatus.NOT_HEALED, healer(dead, false).attemptHeal(failing(0)).status());
        dead.awaitPosts(Duration.ofSeconds(5));
    }

    private static JsonNode read(ObjectMapper json, String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
