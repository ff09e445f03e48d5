package dev.healing.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.healing.api.ApprovalClass;
import dev.healing.api.Candidate;
import dev.healing.api.Cost;
import dev.healing.api.FailureKind;
import dev.healing.api.HealAttempt;
import dev.healing.api.HealRequest;
import dev.healing.api.HealResult;
import dev.healing.api.HealStatus;
import dev.healing.api.Point;
import dev.healing.api.VerificationResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class ReportersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HealRequest REQUEST = HealRequest.of("checkout", 3, 0.24, null);

    private static HealResult result(HealStatus status) {
        Candidate c = Candidate.at(new Point(40, 50), 0.91, "template", "peak 0.97");
        List<HealAttempt> history = status == HealStatus.NOT_HEALED
                ? List.of(new HealAttempt(1, c, VerificationResult.failedAt(3, 0.2), false, "rolled back", null))
                : List.of();
        HealResult.Trace t = new HealResult.Trace("checkout", 3, Optional.of(new Point(10, 20)), FailureKind.MOVED,
                history, List.of("r"), new Cost(1, 10, 5, 0.002), Duration.ofMillis(42), Optional.empty());
        return switch (status) {
            case HEALED -> HealResult.healed(t, c, ApprovalClass.A, "verified");
            case PENDING_APPROVAL -> HealResult.pendingApproval(t, c, ApprovalClass.C, "p-1", "because");
            case NOT_HEALED -> HealResult.notHealed(t, "because");
            default -> HealResult.skipped(t, "because");
        };
    }

    @Test
    void webhook_escalationAndProposal_postedAsSlackAndDiscordJson() throws IOException {
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
            hook.onResult(REQUEST, result(HealStatus.HEALED));
            hook.onResult(REQUEST, result(HealStatus.NOT_HEALED));
            hook.onResult(REQUEST, result(HealStatus.PENDING_APPROVAL));
            hook.awaitPosts(Duration.ofSeconds(10));
        } finally {
            server.stop(0);
        }
        assertEquals(2, bodies.size(), "only the escalation and the proposal are posted: " + bodies);
        for (String body : bodies) {
            JsonNode o = JSON.readTree(body);
            assertEquals(o.get("text").asText(), o.get("content").asText());
            assertTrue(o.get("text").asText().contains("checkout step 3"), body);
            assertEquals("checkout", o.get("heal").get("workflow").asText());
        }
        assertTrue(bodies.stream().anyMatch(b -> b.contains("awaiting approval")));
        assertTrue(bodies.stream().anyMatch(b -> b.contains("needs a person")));
    }

    @Test
    void webhook_deadOrFailingEndpoint_neverThrows() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        WebhookHealListener dead = new WebhookHealListener(URI.create("http://127.0.0.1:" + deadPort + "/x"),
                Duration.ofMillis(500), r -> true);
        dead.onResult(REQUEST, result(HealStatus.NOT_HEALED));
        dead.awaitPosts(Duration.ofSeconds(5));

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        try {
            WebhookHealListener failing = WebhookHealListener.forEscalations(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
            failing.onResult(REQUEST, result(HealStatus.NOT_HEALED));
            failing.awaitPosts(Duration.ofSeconds(5));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void jsonLines_onePerResult_parseable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("heals.jsonl");
        JsonLinesHealListener lines = new JsonLinesHealListener(file);
        lines.onResult(REQUEST, result(HealStatus.HEALED));
        lines.onResult(REQUEST, result(HealStatus.NOT_HEALED));
        List<String> written = Files.readAllLines(file);
        assertEquals(2, written.size());
        JsonNode first = JSON.readTree(written.get(0));
        assertEquals("HEALED", first.get("status").asText());
        assertEquals(40, first.get("new").get("x").asInt());
        assertEquals(0.24, first.get("similarity").asDouble());
        JsonNode second = JSON.readTree(written.get(1));
        assertEquals("NOT_HEALED", second.get("status").asText());
        assertEquals(1, second.get("history").size());
        assertEquals("because", second.get("reason").asText());
    }

    @Test
    void jsonLines_unwritableFile_neverThrows(@TempDir Path dir) {
        new JsonLinesHealListener(dir).onResult(REQUEST, result(HealStatus.HEALED));
    }

    @Test
    void slf4j_everyStatus_logsWithoutThrowing() {
        Slf4jHealListener log = new Slf4jHealListener();
        for (HealStatus s : new HealStatus[] {HealStatus.HEALED, HealStatus.NOT_HEALED, HealStatus.PENDING_APPROVAL}) {
            log.onResult(REQUEST, result(s));
        }
        log.onAttempt(REQUEST, result(HealStatus.NOT_HEALED).history().get(0));
    }
}
