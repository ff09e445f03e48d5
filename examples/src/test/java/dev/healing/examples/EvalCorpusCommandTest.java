package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.Image;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class EvalCorpusCommandTest {
    @TempDir
    Path dir;

    /** Draws a screen with a few distinct "buttons" (random stroke patterns), one of them at (bx, by). */
    private static Image screen(int bx, int by, boolean withTarget) {
        BufferedImage img = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xf8f9fc));
        g.fillRect(0, 0, 800, 600);
        drawButton(g, 150, 120, 1, new Color(0x1cc88a));
        drawButton(g, 600, 450, 2, new Color(0xe74a3b));
        if (withTarget) {
            drawButton(g, bx, by, 3, new Color(0x4e73df));
        }
        g.dispose();
        return Image.fromBufferedImage(img);
    }

    private static void drawButton(Graphics2D g, int cx, int cy, long seed, Color fill) {
        g.setColor(fill);
        g.fillRoundRect(cx - 60, cy - 20, 120, 40, 10, 10);
        g.setColor(Color.WHITE);
        Random r = new Random(seed);
        for (int x = cx - 48; x < cx + 44; x += 8 + r.nextInt(5)) {
            int up = 4 + r.nextInt(12);
            int down = 4 + r.nextInt(12);
            g.fillRect(x, cy - up, 3, up + down);
        }
    }

    private void pair(String name, String kind, Image baseline, Image current, String cases) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name));
        baseline.writePng(p.resolve("baseline.png"));
        current.writePng(p.resolve("current.png"));
        Files.writeString(p.resolve("cases.json"), "{\"source\": \"test\", \"kind\": \"" + kind
                + "\", \"width\": 800, \"height\": 600, \"cases\": [" + cases + "]}");
    }

    @Test
    void run_smallCorpus_writesPredictionsAndPrintsScoreLine() throws Exception {
        pair("a-moved-01", "moved", screen(300, 300, true), screen(420, 330, true),
                "{\"id\": \"a-moved-01-button\", \"description\": \"the blue button\","
                        + " \"baseline\": {\"x\": 300, \"y\": 300, \"box\": [240, 280, 360, 320]},"
                        + " \"expected\": {\"box\": [360, 310, 480, 350]}}");
        pair("b-removed-01", "removed", screen(300, 300, true), screen(300, 300, false),
                "{\"id\": \"b-removed-01-button\", \"description\": \"the blue button\","
                        + " \"baseline\": {\"x\": 300, \"y\": 300, \"box\": [240, 280, 360, 320]},"
                        + " \"expected\": null}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path preds = dir.resolve("preds.jsonl");

        int code = new EvalCorpusCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .run(List.of(dir.toString(), "--out", preds.toString()));

        assertEquals(0, code);
        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = out.strip().split("\n");
        assertEquals("success 2/2 false_heal 0 abstain 0", lines[lines.length - 1], out);
        assertTrue(out.contains("kind       cases  success false_heal  abstain"), out);
        assertTrue(out.contains("moved          1        1          0        0"), out);
        List<String> predLines = Files.readAllLines(preds);
        assertEquals(2, predLines.size());
        ObjectMapper json = new ObjectMapper();
        JsonNode moved = json.readTree(predLines.get(0));
        assertEquals("a-moved-01-button", moved.get("id").asText());
        assertTrue(Math.abs(moved.get("x").asInt() - 420) <= 2 && Math.abs(moved.get("y").asInt() - 330) <= 2,
                moved.toString());
        JsonNode removed = json.readTree(predLines.get(1));
        assertTrue(removed.get("abstain").asBoolean(), removed.toString());
    }

    @Test
    void run_badArguments_usageErrors() {
        EvalCorpusCommand cmd = new EvalCorpusCommand(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        assertThrows(UsageException.class, () -> cmd.run(List.of()));
        assertThrows(UsageException.class, () -> cmd.run(List.of(dir.resolve("missing").toString())));
        assertThrows(UsageException.class, () -> cmd.run(List.of(dir.toString(), "--out")));
        assertThrows(UsageException.class, () -> cmd.run(List.of(dir.toString(), "--bogus")));
        UsageException empty = assertThrows(UsageException.class, () -> cmd.run(List.of(dir.toString())));
        assertTrue(empty.getMessage().contains("no cases"), empty.getMessage());
    }

    @Test
    void run_visionEndpoint_askedAfterLocalLocatorsAbstain() throws Exception {
        // The target is restyled (another colour and glyph pattern) and moved: template matching
        // cannot vouch for it, so the chain goes on to the vision model.
        BufferedImage current = screen(300, 300, false).toBufferedImage();
        Graphics2D g = current.createGraphics();
        drawButton(g, 520, 220, 9, new Color(0xf6c23e));
        g.dispose();
        pair("c-version-01", "version", screen(300, 300, true), Image.fromBufferedImage(current),
                "{\"id\": \"c-version-01-button\", \"description\": \"the Submit button\","
                        + " \"baseline\": {\"x\": 300, \"y\": 300, \"box\": [240, 280, 360, 320]},"
                        + " \"expected\": {\"box\": [460, 200, 580, 240]}}");
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"error\": {\"code\": 401, \"message\": \"no such key\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int code = new EvalCorpusCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(List.of(
                    dir.toString(), "--details", "--vision-endpoint",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "--vision-model", "test/model",
                    "--vision-key", "sk-test"));
            assertEquals(0, code);
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("abstain"), out);
            assertTrue(out.contains("success 0/1 false_heal 0 abstain 1"), out);
            // A local server is calibrated first; its 401 stops the locate before the question is asked.
            assertTrue(out.strip().endsWith("not calibrated"), out);
        } finally {
            server.stop(0);
        }
        assertEquals(1, requests.size(), "one call, no retry on 401");
        assertTrue(requests.get(0).contains("\"model\":\"test/model\"") && requests.get(0).contains("calibration"),
                requests.get(0));
    }

    @Test
    void run_unknownVisionProfile_usageErrorListsTheProfiles() {
        EvalCorpusCommand cmd = new EvalCorpusCommand(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        UsageException e = assertThrows(UsageException.class, () -> cmd.run(List.of(dir.toString(),
                "--vision-endpoint", "http://127.0.0.1:9/v1", "--vision-model", "m", "--vision-profile", "qwen9")));
        assertTrue(e.getMessage().contains("QWEN2_5_VL") && e.getMessage().contains("GTA1"), e.getMessage());
    }

    @Test
    void run_visionEndpointWithoutModel_usageError() {
        EvalCorpusCommand cmd = new EvalCorpusCommand(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        UsageException e = assertThrows(UsageException.class,
                () -> cmd.run(List.of(dir.toString(), "--vision-endpoint", "http://127.0.0.1:9/v1")));
        assertTrue(e.getMessage().contains("go together"), e.getMessage());
    }

    @Test
    void main_listsEvalCorpus() {
        assertEquals(2, Main.run(new String[] {"eval-corpus"}));
    }
}
