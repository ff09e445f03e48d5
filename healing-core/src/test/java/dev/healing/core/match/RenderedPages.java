package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.Image;
import dev.healing.api.Rect;
import dev.healing.testing.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test pages of admin-template shapes (boxes with the same "More info" link, a table with the same
 * icons on every row, a form of empty fields), rendered by headless Chromium at 1920x1080 as a
 * runner's screen shows them. The pages lay themselves out from their query string (a narrower
 * window, a collapsed sidebar, rows re-sorted, elements hidden) and report where every marked
 * element sits in screenshot pixels. Renders are cached per page and query for the test run.
 */
final class RenderedPages {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Map<String, Render> CACHE = new HashMap<>();

    /** A screenshot and the boxes of its marked elements, by name. */
    record Render(Image screen, Map<String, Rect> boxes) {
    }

    private RenderedPages() {
    }

    /** Fails (CI) or skips the test when Chromium is missing. */
    static void requireChromium() {
        Prerequisites.require(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed at " + CHROMIUM
                + " (see .ci/run)");
    }

    /**
     * @param page  the page's file name without ".html", e.g. "table"
     * @param query its query string, e.g. "order=age", or ""
     * @param dpi   render at 125 % (a 1536x864 viewport at device scale 1.25) instead of 100 %
     */
    static synchronized Render render(Path work, String page, String query, boolean dpi) throws Exception {
        String key = page + "?" + query + (dpi ? "@1.25" : "");
        Render cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Path html = Path.of(RenderedPages.class.getResource("/pages/" + page + ".html").toURI());
        Path dir = Files.createTempDirectory(work, page);
        Path shot = dir.resolve("shot.png");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(dpi ? List.of("--window-size=1536,864", "--force-device-scale-factor=1.25")
                : List.of("--window-size=1920,1080"));
        command.addAll(List.of("--screenshot=" + shot, "--dump-dom", html.toUri() + "?" + query));
        Path out = dir.resolve("dom.html");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish rendering " + key);
        } finally {
            p.destroyForcibly();
        }
        Image screen = Image.fromPng(Files.readAllBytes(shot));
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        String open = "<pre id=\"rects\">";
        int from = dom.indexOf(open);
        assertTrue(from >= 0, "the page reported its element boxes: " + key);
        String json = dom.substring(from + open.length(), dom.indexOf("</pre>", from));
        Map<String, int[]> corners = new ObjectMapper().readValue(json, new TypeReference<Map<String, int[]>>() { });
        Map<String, Rect> boxes = new HashMap<>();
        corners.forEach((name, c) -> boxes.put(name, Rect.ofCorners(c[0], c[1], c[2], c[3])));
        Render r = new Render(screen, Map.copyOf(boxes));
        CACHE.put(key, r);
        return r;
    }
}
