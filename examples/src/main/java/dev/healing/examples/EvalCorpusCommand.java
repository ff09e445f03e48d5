package dev.healing.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.api.FailureKind;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.Locator;
import dev.healing.api.Point;
import dev.healing.core.HealerBuilder;
import dev.healing.core.StepLocator;
import dev.healing.core.match.ScreenClassifier;
import dev.healing.core.match.TemplateLocator;
import dev.healing.core.match.TextLocator;
import dev.healing.vision.openrouter.OpenRouterVisionLocator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code eval-corpus DIR [--out preds.jsonl] [--details]}: runs the healer's locate pipeline
 * ({@link StepLocator}: locating without applying) over every case of a corpus in the format of ../shared/corpus, writes one
 * prediction per case and prints the per-kind table and totals the way the corpus' score.py does.
 */
final class EvalCorpusCommand implements Command {
    /** The healer's default bar for applying a candidate. */
    static final double MIN_CONFIDENCE = HealerBuilder.DEFAULT_MIN_CONFIDENCE;
    private static final int CROP_SIDE = HealerBuilder.DEFAULT_CROP_SIZE;

    private final PrintStream out;
    private boolean jsonOutput;

    EvalCorpusCommand() {
        this(System.out);
    }

    EvalCorpusCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String usage() {
        return "eval-corpus DIR [--out preds.jsonl] [--details] [--json]"
                + " [--vision-endpoint URL --vision-model ID [--vision-key K] [--vision-profile NAME]]";
    }

    @Override
    public String description() {
        return """
                Runs the healer's locate pipeline over every case of a corpus in the format of ../shared/corpus
                and prints the per-kind table and "success S/N false_heal F abstain A", as score.py does.
                  --out FILE       write one prediction per case (JSON lines)
                  --details        one line per case with the prediction and the pipeline's notes
                  --json           print the totals as JSON (command, done, cases, success, false_heal,
                                   abstain, kinds) instead of the table
                  --vision-endpoint URL --vision-model ID [--vision-key K] [--vision-profile NAME]
                                   ask a vision model after the local locators; --vision-profile forces
                                   a model profile, and the last line says what calibration found
                A progress line goes to stderr when it is a terminal.""";
    }

    @Override
    public int run(List<String> args) throws IOException {
        Args a = Args.parse(args, List.of("--out", "--vision-endpoint", "--vision-model", "--vision-key",
                        "--vision-profile"),
                List.of("--details", "--json"), 1, 1);
        jsonOutput = a.flag("--json");
        Path dir = Path.of(a.positional(0));
        Path predictions = a.option("--out") == null ? null : Path.of(a.option("--out"));
        boolean details = a.flag("--details");
        String visionEndpoint = a.option("--vision-endpoint");
        String visionModel = a.option("--vision-model");
        String visionKey = a.option("--vision-key");
        String visionProfile = a.option("--vision-profile");
        if (!Files.isDirectory(dir)) {
            throw new UsageException("not a directory: " + dir);
        }
        TemplateLocator template = TemplateLocator.create();
        List<Locator> locators = new ArrayList<>();
        locators.add(template);
        // Reading the screen comes after template matching and before any model: free, slower.
        TextLocator text = TextLocator.create();
        text.unavailable().ifPresent(why -> out.println("text locator off: " + why));
        locators.add(text);
        if ((visionEndpoint == null) != (visionModel == null)) {
            throw new UsageException("--vision-endpoint and --vision-model go together");
        }
        if (visionProfile != null && visionEndpoint == null) {
            throw new UsageException("--vision-profile needs --vision-endpoint and --vision-model");
        }
        OpenRouterVisionLocator vision = null;
        if (visionEndpoint != null) {
            try {
                OpenRouterVisionLocator.Builder b = OpenRouterVisionLocator.builder().baseUrl(visionEndpoint)
                        .model(visionModel);
                if (visionKey != null) {
                    b.apiKey(visionKey);
                }
                if (visionProfile != null) {
                    b.profile(visionProfile);
                }
                vision = b.build();
                // The vision model is asked after the local locators, as in the healer's chain.
                locators.add(vision);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new UsageException(e.getMessage());
            }
        }
        int status = evaluate(dir, predictions, details, StepLocator.of(ScreenClassifier.using(template), locators));
        if (vision != null) {
            (jsonOutput ? System.err : out).println("vision: " + vision.profile() + "; " + vision.calibrationSummary());
        }
        return status;
    }

    int evaluate(Path dir, Path predictions, boolean details, StepLocator locator)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, int[]> kinds = new TreeMap<>();
        List<Path> pairs;
        try (Stream<Path> listing = Files.list(dir)) {
            pairs = listing.filter(p -> Files.isRegularFile(p.resolve("cases.json"))).sorted().toList();
        }
        if (pairs.isEmpty()) {
            throw new UsageException("no cases found under " + dir);
        }
        Path target = predictions != null ? predictions : Files.createTempFile("predictions", ".jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
             Progress progress = Progress.onStderr("eval-corpus screen pairs", pairs.size())) {
            for (Path pair : pairs) {
                progress.step();
                JsonNode doc = json.readTree(pair.resolve("cases.json").toFile());
                String kind = doc.path("kind").asText("unknown");
                Image baseline = Image.read(pair.resolve("baseline.png"));
                Image current = Image.read(pair.resolve("current.png"));
                int index = 0;
                for (JsonNode c : doc.path("cases")) {
                    String id = c.path("id").asText();
                    Point old = new Point(c.path("baseline").path("x").asInt(), c.path("baseline").path("y").asInt());
                    Image crop = baseline.cropAround(old, Math.min(CROP_SIDE, baseline.width()),
                            Math.min(CROP_SIDE, baseline.height()));
                    LocateQuery query = new LocateQuery(pair.getFileName().toString(), index++, current, old, crop,
                            baseline, c.path("description").asText(""), FailureKind.UNKNOWN, MIN_CONFIDENCE);
                    StepLocator.Result outcome = locator.locate(query);
                    ObjectNode line = json.createObjectNode().put("id", id);
                    if (outcome.candidate().isPresent()) {
                        Point p = outcome.candidate().get().point();
                        line.put("x", p.x()).put("y", p.y());
                    } else {
                        line.put("abstain", true);
                    }
                    w.write(json.writeValueAsString(line));
                    w.newLine();
                    String result = outcome(c.path("expected"), outcome.candidate().map(x -> x.point()).orElse(null));
                    int[] k = kinds.computeIfAbsent(kind, x -> new int[4]);
                    k[0]++;
                    k[switch (result) {
                        case "success" -> 1;
                        case "false_heal" -> 2;
                        default -> 3;
                    }]++;
                    if (details) {
                        // The locator that decided, and its reasoning (for text: the words read and matched).
                        out.printf("%-10s %-48s %-10s %s | %s%n", result, id, kind,
                                outcome.candidate().map(x -> x.point() + String.format(" %.2f by %s: %s",
                                        x.confidence(), x.source(), x.reasoning())).orElse("abstain"),
                                String.join(" | ", outcome.notes()));
                    }
                }
            }
        } finally {
            if (predictions == null) {
                Files.deleteIfExists(target);
            }
        }
        if (jsonOutput) {
            return printJson(kinds);
        }
        printTable(kinds);
        return 0;
    }

    /** Scores one prediction the way score.py does; box edges are inclusive. */
    static String outcome(JsonNode expected, Point p) {
        boolean abstain = expected == null || expected.isNull() || expected.isMissingNode();
        if (p == null) {
            return abstain ? "success" : "abstain";
        }
        if (abstain) {
            return "false_heal";
        }
        JsonNode box = expected.path("box");
        boolean inside = box.get(0).asInt() <= p.x() && p.x() <= box.get(2).asInt()
                && box.get(1).asInt() <= p.y() && p.y() <= box.get(3).asInt();
        return inside ? "success" : "false_heal";
    }

    private int printJson(Map<String, int[]> kinds) {
        int[] total = new int[4];
        ObjectNode result = JsonOutput.of(this, true);
        ObjectNode byKind = result.objectNode();
        for (Map.Entry<String, int[]> e : kinds.entrySet()) {
            int[] k = e.getValue();
            byKind.putObject(e.getKey()).put("cases", k[0]).put("success", k[1]).put("false_heal", k[2])
                    .put("abstain", k[3]);
            for (int i = 0; i < 4; i++) {
                total[i] += k[i];
            }
        }
        result.put("cases", total[0]).put("success", total[1]).put("false_heal", total[2]).put("abstain", total[3]);
        result.set("kinds", byKind);
        out.println(result.toPrettyString());
        return Main.DONE;
    }

    private void printTable(Map<String, int[]> kinds) {
        int[] total = new int[4];
        out.printf("%-10s %5s %8s %10s %8s%n", "kind", "cases", "success", "false_heal", "abstain");
        for (Map.Entry<String, int[]> e : kinds.entrySet()) {
            int[] k = e.getValue();
            out.printf("%-10s %5d %8d %10d %8d%n", e.getKey(), k[0], k[1], k[2], k[3]);
            for (int i = 0; i < 4; i++) {
                total[i] += k[i];
            }
        }
        out.printf("success %d/%d false_heal %d abstain %d%n", total[1], total[0], total[2], total[3]);
    }
}
