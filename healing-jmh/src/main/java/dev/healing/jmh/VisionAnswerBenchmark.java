package dev.healing.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.vision.openrouter.internal.AnswerParser;
import dev.healing.vision.openrouter.internal.ModelAnswer;
import dev.healing.vision.openrouter.internal.Secret;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What reading a model's reply costs: redacting the API key from a 4 KiB server text (ours masks
 * the key and any 8+ character fragment of it, also split by whitespace; the reference is
 * {@code String.replace} of the whole key, which misses fragments), and parsing a Qwen-style answer
 * (ours reads every answer in the reply and checks they agree; the reference is one Jackson
 * {@code readTree} of the bare JSON, which checks nothing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VisionAnswerBenchmark {
    private static final String KEY = "sk-or-v1-0f3a9c1e7b2d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d";
    private static final String JSON = "[{\"bbox_2d\": [617, 342, 699, 370], \"point_2d\": [658, 356], "
            + "\"label\": \"Save button\"}]";
    private final ObjectMapper mapper = new ObjectMapper();
    private Secret secret;
    private String errorText;
    private String answer;

    @Setup
    public void setUp() {
        secret = Secret.of(KEY);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 4096) {
            sb.append("upstream provider returned an error for this request, please retry later. ");
        }
        sb.insert(2000, " key " + KEY.substring(0, 30) + "\n " + KEY.substring(30) + " ");
        errorText = sb.toString();
        answer = "<think>The Save button sits at the bottom right.</think>\n```json\n" + JSON + "\n```";
    }

    /** Reference: replace the whole key only. */
    @Benchmark
    public String referenceReplaceWholeKey() {
        return errorText.replace(KEY, "[redacted]");
    }

    /** Ours: whole key and fragments, whitespace ignored. */
    @Benchmark
    public String oursRedact() {
        return secret.redact(errorText);
    }

    /** Reference: parse the bare JSON once. */
    @Benchmark
    public JsonNode referenceJacksonReadTree() throws JsonProcessingException {
        return mapper.readTree(JSON);
    }

    /** Ours: every answer shape in the reply, checked for agreement. */
    @Benchmark
    public ModelAnswer oursParseLocate() throws AnswerParser.UnreadableAnswer {
        return AnswerParser.parseLocate(answer);
    }
}
