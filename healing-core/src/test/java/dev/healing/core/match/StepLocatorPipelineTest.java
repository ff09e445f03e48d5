package dev.healing.core.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.api.Candidate;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.core.StepLocator;
import dev.healing.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class StepLocatorPipelineTest {
    private static final int W = 1280;
    private static final int H = 800;
    private final TemplateLocator template = TemplateLocator.create();
    private final ScreenClassifier classifier = ScreenClassifier.using(template);
    private final List<SyntheticUi.Button> buttons = SyntheticUi.someButtons(W, H);
    private final SyntheticUi.Button target = buttons.get(7);
    private final Image baseline = render(buttons);

    private static Image render(List<SyntheticUi.Button> buttons) {
        SyntheticUi ui = new SyntheticUi(W, H);
        buttons.forEach(ui::add);
        return ui.render();
    }

    private LocateQuery query(Image screen) {
        return new LocateQuery("wf", 4, screen, target.center(), baseline.cropAround(target.center(), 100, 100),
                baseline, "the button", FailureKind.UNKNOWN, 0.8);
    }

    @Test
    void locate_buttonMoved_classifiedMovedWithCandidateAtNewCenter() {
        Point moved = new Point(target.cx() - 60, target.cy() + 100);
        Image current = render(buttons.stream().map(b -> b == target ? b.at(moved.x(), moved.y()) : b).toList());

        StepLocator.Result o = StepLocator.of(classifier, List.of(template)).locate(query(current));

        assertEquals(FailureKind.MOVED, o.kind(), o.detail());
        assertTrue(o.candidate().orElseThrow().point().distanceTo(moved) <= 2, o.notes().toString());
        assertTrue(o.notes().get(0).startsWith("classified MOVED"), o.notes().toString());
    }

    @Test
    void locate_darkTheme_inPlaceAtOldPoint() {
        StepLocator.Result o = StepLocator.of(classifier, List.of(template)).locate(query(SyntheticUi.inverted(baseline)));

        assertEquals(FailureKind.IN_PLACE, o.kind(), o.detail());
        assertTrue(o.candidate().orElseThrow().point().distanceTo(target.center()) <= 3);
    }

    @Test
    void locate_elementRemoved_abstainsWithoutAskingTheChain() {
        Image current = render(buttons.stream().filter(b -> b != target).toList());
        int[] asked = {0};
        Locator counting = new Locator() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public LocateResult locate(LocateQuery q) {
                asked[0]++;
                return LocateResult.notFound("never");
            }
        };

        StepLocator.Result o = StepLocator.of(classifier, List.of(counting)).locate(query(current));

        assertEquals(FailureKind.GONE, o.kind(), o.detail());
        assertTrue(o.candidate().isEmpty());
        assertEquals(0, asked[0]);
    }

    @Test
    void locate_elementGoneForTemplates_asksOnlyThePaidVisionLocator() {
        Image current = render(buttons.stream().filter(b -> b != target).toList());
        int[] freeAsked = {0};
        Locator free = new Locator() {
            @Override
            public String name() {
                return "free";
            }

            @Override
            public LocateResult locate(LocateQuery q) {
                freeAsked[0]++;
                return LocateResult.found(List.of(Candidate.at(new Point(5, 5), 0.99, "free", "")));
            }
        };
        FailureKind[] seenByVision = {null};
        Point restyled = new Point(640, 400);
        Locator vision = new Locator() {
            @Override
            public String name() {
                return "vision";
            }

            @Override
            public LocateResult locate(LocateQuery q) {
                seenByVision[0] = q.failureKind();
                return LocateResult.found(List.of(Candidate.at(restyled, 0.9, "vision", "the button, restyled")));
            }

            @Override
            public boolean paid() {
                return true;
            }
        };

        StepLocator.Result o = StepLocator.of(classifier, List.of(free, vision)).locate(query(current));

        assertEquals(FailureKind.GONE, o.kind(), o.detail());
        assertEquals(restyled, o.candidate().orElseThrow().point());
        assertEquals(0, freeAsked[0], "local locators already had their say");
        assertEquals(FailureKind.GONE, seenByVision[0], "the model is told what the screen showed");
    }

    @Test
    void locate_blankFrame_transientAbstains() {
        StepLocator.Result o = StepLocator.of(classifier, List.of(template)).locate(query(Image.filled(W, H, 0x000000)));

        assertEquals(FailureKind.TRANSIENT, o.kind());
        assertTrue(o.candidate().isEmpty());
    }

    @Test
    void locate_ambiguousTemplate_fallsThroughToNextLocatorInChain() {
        // A long row of identical buttons moved: the template locator cannot choose.
        SyntheticUi beforeUi = new SyntheticUi(W, H);
        SyntheticUi afterUi = new SyntheticUi(W, H);
        for (int i = 0; i < 15; i++) {
            beforeUi.add(new SyntheticUi.Button(60 + 80 * i, 300, 60, 30, 42, target.fill()));
            afterUi.add(new SyntheticUi.Button(100 + 80 * i, 520, 60, 30, 42, target.fill()));
        }
        Image before = beforeUi.render();
        Image after = afterUi.render();
        Point old = new Point(60 + 80 * 7, 300);
        Candidate fromNext = Candidate.at(new Point(100 + 80 * 7, 520), 0.9, "next", "said so");
        Locator next = new Locator() {
            @Override
            public String name() {
                return "next";
            }

            @Override
            public LocateResult locate(LocateQuery q) {
                assertEquals(FailureKind.MOVED, q.failureKind());
                return LocateResult.found(List.of(fromNext));
            }
        };
        LocateQuery q = new LocateQuery("wf", 1, after, old, before.cropAround(old, 40, 40), before, "",
                FailureKind.UNKNOWN, 0.8);

        StepLocator.Result o = StepLocator.of(classifier, List.of(template, next)).locate(q);

        assertEquals("next", o.candidate().orElseThrow().source(), o.notes().toString());
        assertTrue(o.notes().stream().anyMatch(n -> n.startsWith("template:")), o.notes().toString());
    }

    /** Runs the pipeline over ../shared/corpus/dev (when present) and scores it like score.py. */
    @Test
    void corpusDev_zeroFalseHeals_andMovedDpiThemeHealed() throws IOException {
        Path moduleDir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path corpus = moduleDir.getParent().resolve("../shared/corpus/dev").normalize();
        Prerequisites.require(Files.isDirectory(corpus), "no corpus at " + corpus + " (CI lays ../shared beside the checkout)");
        ObjectMapper json = new ObjectMapper();
        StepLocator chain = StepLocator.of(classifier, List.of(template));
        Map<String, int[]> byKind = new TreeMap<>();
        StringBuilder falseHeals = new StringBuilder();
        List<Path> pairs;
        try (Stream<Path> s = Files.list(corpus)) {
            pairs = s.filter(p -> Files.isRegularFile(p.resolve("cases.json"))).sorted().toList();
        }
        for (Path pair : pairs) {
            JsonNode doc = json.readTree(pair.resolve("cases.json").toFile());
            Image base = Image.read(pair.resolve("baseline.png"));
            Image cur = Image.read(pair.resolve("current.png"));
            for (JsonNode c : doc.path("cases")) {
                Point old = new Point(c.path("baseline").path("x").asInt(), c.path("baseline").path("y").asInt());
                LocateQuery q = new LocateQuery("corpus", 0, cur, old, base.cropAround(old, 100, 100), base, "",
                        FailureKind.UNKNOWN, 0.8);
                StepLocator.Result o = chain.locate(q);
                JsonNode expected = c.path("expected");
                int[] k = byKind.computeIfAbsent(doc.path("kind").asText(), x -> new int[3]);
                k[0]++;
                if (o.candidate().isEmpty()) {
                    k[expected.isNull() ? 1 : 2]++;
                    continue;
                }
                Point p = o.candidate().get().point();
                JsonNode box = expected.path("box");
                boolean inside = !expected.isNull() && box.get(0).asInt() <= p.x() && p.x() <= box.get(2).asInt()
                        && box.get(1).asInt() <= p.y() && p.y() <= box.get(3).asInt();
                if (inside) {
                    k[1]++;
                } else {
                    falseHeals.append(c.path("id").asText()).append(" at ").append(p).append("; ");
                }
            }
        }
        assertEquals("", falseHeals.toString(), "false heals");
        int cases = 0;
        int healed = 0;
        for (String kind : List.of("moved", "dpi", "theme")) {
            int[] k = byKind.getOrDefault(kind, new int[3]);
            cases += k[0];
            healed += k[1];
        }
        // The target: at least 95% of moved, dpi and theme cases healed.
        assertTrue(cases == 0 || healed >= Math.ceil(0.95 * cases), healed + "/" + cases + " moved/dpi/theme healed");
    }
}
