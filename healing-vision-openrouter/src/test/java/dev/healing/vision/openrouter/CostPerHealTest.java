package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.LocateResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Counts what a heal costs per profile on a 1920x1080 dev-corpus screen: model calls (the first
 * heal on an endpoint pays for calibration), the image sizes sent for the screen and the zoom
 * crop, and the image tokens those sizes make under each family's documented rule. Writes the
 * table the README quotes to {@code target/cost-per-heal.md}.
 */
@Timeout(120)
final class CostPerHealTest {
    /** Image tokens of one image of w x h under the family's documented rule; -1 where none is published. */
    static long imageTokens(ModelProfile p, int w, int h) {
        return switch (p) {
            case QWEN2_5_VL, UI_TARS_1_5, QWEN2_VL, UI_TARS_1_0, GLM_V, HOLO_1_5, GTA1, OPENCUA, KIMI, DOUBAO_SEED ->
                (long) Math.ceil(w / 28.0) * (long) Math.ceil(h / 28.0);
            case QWEN3_VL, QWEN3_VL_THINKING, QWEN3_5, UI_TARS_2 -> (long) Math.ceil(w / 32.0) * (long) Math.ceil(h / 32.0);
            case GEMINI, GEMINI_3 -> 258L * (long) Math.ceil(w / 768.0) * (long) Math.ceil(h / 768.0);
            case CLAUDE, CLAUDE_HIGH_RES -> Math.round(w * (double) h / 750);
            case GPT_4O -> 85 + 170L * (long) Math.ceil(w / 512.0) * (long) Math.ceil(h / 512.0);
            case GPT_5, GPT_5_4 -> (long) Math.ceil(w / 32.0) * (long) Math.ceil(h / 32.0);
            case INTERNVL -> 256L * ((long) Math.ceil(w / 448.0) * (long) Math.ceil(h / 448.0) + 1);
            default -> -1;
        };
    }

    @Test
    void locate_threeHealsPerProfile_countsCallsAndImageTokens() throws IOException {
        // Typical click targets: buttons and links up to 150 px wide (the zoom window then has its minimum size).
        List<DevCorpus.Case> cases = DevCorpus.load().stream()
                .filter(c -> c.expected() != null && c.expected().width() <= 150).limit(3).toList();
        StringBuilder table = new StringBuilder("| model (profile) | screen sent | tokens | zoom sent | tokens "
                + "| second sample sent | tokens | calls, first heal | calls, later heals |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (FamilyServers.Family family : FamilyServers.all()) {
            StandInModel model = family.standIn();
            MockWebServer server = NoDelaySockets.server();
            server.setDispatcher(model);
            server.start();
            try {
                boolean nativeShape = !family.format().equals("json") && !family.format().equals("gemini");
                OpenRouterVisionLocator locator = OpenRouterVisionLocator.builder()
                        .baseUrl(server.url("/v1").toString()).model(family.model()).apiKey(FakeChat.KEY)
                        .structuredOutput(!nativeShape).calibration(Calibration.ALWAYS)
                        .httpClient(NoDelaySockets.client()).build();
                int[] calls = new int[cases.size()];
                for (int i = 0; i < cases.size(); i++) {
                    DevCorpus.Case c = cases.get(i);
                    model.screen = c.screen();
                    model.truth = c.expected();
                    int before = model.requests.get();
                    LocateResult r = locator.locate(FakeChat.query(c.screen(), c.old(), null, c.description()));
                    assertEquals(LocateResult.Status.FOUND, r.status(), family.model() + ": " + r.reason());
                    calls[i] = model.requests.get() - before;
                    assertEquals(calls[i], r.cost().calls(), "the result's cost counts every call");
                }
                // A model that states no confidence gets a second sample: with another seed where the family
                // takes one, else at a quarter of the pixels.
                int second = nativeShape ? 1 : 0;
                boolean seeded = family.profile().acceptsSeed();
                assertEquals(second == 1 && seeded ? cases.size() : 0, model.seeded.get(), family.model());
                assertEquals(4 + second, calls[0], family.model() + ": calibration (2) + locate + zoom (+ second sample)");
                assertEquals(2 + second, calls[1], family.model() + ": locate + zoom (+ second scale) once calibrated");
                assertEquals(2 + second, calls[2]);
                int[] s = model.lastScreen;
                int[] z = model.lastZoom;
                long st = imageTokens(family.profile(), s[0], s[1]);
                long zt = imageTokens(family.profile(), z[0], z[1]);
                int[] q = model.lastSecond;
                assertEquals(second == 1, q != null, family.model() + ": a second sample iff no confidence is stated");
                long qt = q == null ? -1 : imageTokens(family.profile(), q[0], q[1]);
                table.append(String.format(Locale.ROOT, "| `%s` (%s) | %dx%d | %s | %dx%d | %s | %s | %s | %d | %d |%n",
                        family.model(), family.profile(), s[0], s[1], st < 0 ? "n/a" : Long.toString(st), z[0], z[1],
                        zt < 0 ? "n/a" : Long.toString(zt), q == null ? "-" : q[0] + "x" + q[1] + (seeded ? " (seed)" : ""),
                        q == null ? "-" : qt < 0 ? "n/a" : Long.toString(qt), calls[0], calls[1]));
            } finally {
                server.shutdown();
            }
        }
        Path out = Path.of("target", "cost-per-heal.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString(), StandardCharsets.UTF_8);
        assertTrue(table.toString().contains("1316x728"), table.toString());
        assertTrue(table.toString().contains("1365x768"), "GPT-4o tiles: " + table);
    }
}
