package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.HealStatus;
import dev.healing.api.Image;
import dev.healing.api.Point;
import dev.healing.core.Healer;
import dev.healing.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** report --db FILE --out DIR, rendered by headless Chromium as a person would open it. */
@Timeout(180)
final class ReportCommandTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    /** A store with a healed heal, a failed (escalated) heal, a pending proposal, runs and a drifting step. */
    private Path storeWithOperations() throws IOException {
        try (OpsFixture f = new OpsFixture(dir)) {
            Healer healer = f.healer();
            Point near = Point.of(180, 120);
            f.target = near;
            f.accept = Point.of(1000, 1000);
            f.screen = OpsFixture.screenWithButton(near);
            assertEquals(HealStatus.NOT_HEALED, healer.attemptHeal(OpsFixture.failing(0)).status());
            f.accept = near;
            assertEquals(HealStatus.HEALED, healer.attemptHeal(OpsFixture.failing(0)).status());
            f.target = Point.of(200, 100);
            assertEquals(HealStatus.PENDING_APPROVAL, healer.attemptHeal(OpsFixture.failing(1)).status());
            long run = f.store.startRun(OpsFixture.WF, "runner-<a>");
            f.store.finishRun(run, false, 0);
            f.store.finishRun(f.store.startRun("checkout", "runner-b"), true, -1);
            f.store.recordStepRun(OpsFixture.WF, 0, 0.31, false);
            f.store.recordStepRun(OpsFixture.WF, 0, 0.30, false);
            double[] sliding = {0.98, 0.95, 0.93, 0.90, 0.88, 0.85};
            for (double s : sliding) {
                f.store.recordStepRun("checkout", 2, s, true);
            }
            return f.db;
        }
    }

    private static String chromium(Path userDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + userDir));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(userDir.getParent(), "chromium", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        } finally {
            p.destroyForcibly();
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void report_storeWithOperations_writesPageAndPictures() throws Exception {
        Path db = storeWithOperations();
        Path out = dir.resolve("report");
        JsonNode summary = new ObjectMapper().readTree(OpsFixture.cli(0, "report", "--db", db.toString(), "--out",
                out.toString()));
        assertEquals(2, summary.get("workflows").asInt());
        assertEquals(1, summary.get("escalations").asInt());
        assertEquals(1, summary.get("proposals").asInt());
        String html = Files.readString(out.resolve("index.html"));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external resources");
        assertTrue(html.contains("runner-&lt;a&gt;"), "text is escaped");
        assertTrue(summary.get("pictures").asInt() >= 3);
        OpsFixture.cli(2, "report", "--db", db.toString());
    }

    @Test
    void report_renderedInHeadlessChromium_showsWorkflowsStatusesAndPictures() throws Exception {
        Prerequisites.require(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed at " + CHROMIUM);
        Path db = storeWithOperations();
        Path out = dir.resolve("report");
        OpsFixture.cli(0, "report", "--db", db.toString(), "--out", out.toString());
        String url = out.resolve("index.html").toUri().toString();

        String dom = chromium(dir.resolve("profile-dom"), "--dump-dom", url);
        String body = dom.substring(dom.indexOf("<body"));
        for (String text : List.of(">post ", ">checkout ", "Healing report", "Escalations", "Suggested action",
                "drifting", "approve --db FILE", "Auto-fix rate", "Recommended action", "before it breaks",
                "runner-&lt;a&gt;")) {
            assertTrue(body.contains(text), "the rendered page shows " + text);
        }
        for (String badge : List.of("BROKEN", "DEGRADED", "HEALED", "NOT_HEALED", "PENDING", "FAILED", "PASSED")) {
            assertTrue(body.contains("class=\"badge " + badge + "\""), "a " + badge + " badge is shown");
        }
        Matcher img = Pattern.compile("<img[^>]*src=\"([^\"]+)\"").matcher(dom);
        Set<String> sources = new HashSet<>();
        while (img.find()) {
            sources.add(img.group(1));
        }
        assertTrue(sources.size() >= 3, "evidence pictures shown: " + sources);
        for (String src : sources) {
            Path file = out.resolve(src);
            assertTrue(Files.size(file) > 0, "picture file exists: " + src);
            Image decoded = Image.fromPng(Files.readAllBytes(file));
            assertTrue(decoded.width() > 100, src + " is a real picture");
        }

        Path shot = dir.resolve("shot.png");
        chromium(dir.resolve("profile-shot"), "--screenshot=" + shot, "--window-size=1280,2000",
                "--hide-scrollbars", url);
        Image page = Image.fromPng(Files.readAllBytes(shot));
        assertEquals(1280, page.width());
        Set<Integer> colours = new HashSet<>();
        int nonWhite = 0;
        for (int y = 0; y < page.height(); y += 4) {
            for (int x = 0; x < page.width(); x += 4) {
                int rgb = page.rgb(x, y) & 0xFFFFFF;
                colours.add(rgb);
                nonWhite += rgb == 0xFFFFFF ? 0 : 1;
            }
        }
        assertTrue(colours.size() > 50, "a page with text, badges and pictures, not a blank one: " + colours.size());
        assertTrue(nonWhite > 5000, "ink on the page: " + nonWhite);
        Files.copy(shot, Path.of(System.getProperty("java.io.tmpdir"), "healing-report-shot.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
