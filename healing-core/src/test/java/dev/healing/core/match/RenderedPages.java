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

    /**
     * A screenshot, the boxes of its marked elements that show (not hidden, not covered), by name,
     * and each marked element's description as a person would write the step (empty when the page
     * gives none).
     */
    record Render(Image screen, Map<String, Rect> boxes, Map<String, String> descriptions) {
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
    static Render render(Path work, String page, String query, boolean dpi) throws Exception {
        return render(work, page, query, dpi ? 1.25 : 1.0);
    }

    /**
     * @param page  the page's file name without ".html", e.g. "table"
     * @param query its query string, e.g. "order=age", or ""
     * @param scale the display scale, 1.0, 1.25 or 1.5: the page rendered in a 1920x1080 screenshot
     *              with a viewport of 1920/scale x 1080/scale CSS pixels
     */
    static synchronized Render render(Path work, String page, String query, double scale) throws Exception {
        String key = page + "?" + query + (scale != 1.0 ? "@" + scale : "");
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
        command.addAll(scale != 1.0 ? List.of("--window-size=" + Math.round(1920 / scale) + ","
                + Math.round(1080 / scale), "--force-device-scale-factor=" + scale)
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
        ObjectMapper mapper = new ObjectMapper();
        Map<String, int[]> corners = mapper.readValue(json, new TypeReference<Map<String, int[]>>() { });
        Map<String, Rect> boxes = new HashMap<>();
        corners.forEach((name, c) -> boxes.put(name, Rect.ofCorners(c[0], c[1], c[2], c[3])));
        String said = "<pre id=\"descriptions\" style=\"display: none;\">";
        int at = dom.indexOf(said);
        assertTrue(at >= 0, "the page reported its descriptions: " + key);
        String descriptions = dom.substring(at + said.length(), dom.indexOf("</pre>", at))
                .replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        Map<String, String> described = mapper.readValue(descriptions, new TypeReference<Map<String, String>>() { });
        Render r = new Render(screen, Map.copyOf(boxes), Map.copyOf(described));
        CACHE.put(key, r);
        return r;
    }
}
