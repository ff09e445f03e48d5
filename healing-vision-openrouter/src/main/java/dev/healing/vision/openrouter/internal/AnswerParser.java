package dev.healing.vision.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's text answer: a JSON object, possibly inside a code fence, after a
 * {@code <think>} block, wrapped in prose, in Qwen's {@code bbox_2d}/{@code point_2d} form or as a
 * list of such objects; as a last resort Qwen2-VL's {@code <|box_start|>(x1,y1),(x2,y2)<|box_end|>}
 * tokens and UI-TARS's {@code click(start_box='(x,y)')} / {@code <point>x y</point>} actions.
 *
 * <p>Numbers must be JSON numbers and finite; a string where a number belongs, NaN, a box of the
 * wrong length or several different boxes are rejected with a reason. Stateless and thread-safe.
 */
public final class AnswerParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 200_000;
    private static final Pattern THINK = Pattern.compile("(?is)<think>.*?</think>");
    private static final Pattern FENCE = Pattern.compile("(?s)```[a-zA-Z]*\\s*(.*?)```");
    private static final Pattern QWEN_BOX = Pattern.compile(
            "<\\|box_start\\|>\\s*\\(\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)\\s*\\)\\s*,?\\s*\\(\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)\\s*\\)");
    private static final Pattern TARS_BOX = Pattern.compile(
            "start_box\\s*=\\s*['\"]?\\s*[(\\[]\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)\\s*(?:,\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)\\s*)?[)\\]]");
    private static final Pattern POINT_TAG = Pattern.compile("<point>\\s*(-?[0-9.]+)[\\s,]+(-?[0-9.]+)\\s*</point>");

    private AnswerParser() {
    }

    /** The reason an answer could not be read. */
    public static final class UnreadableAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableAnswer(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a locate answer.
     *
     * @throws UnreadableAnswer with the reason, when no usable answer is in the text
     */
    public static ModelAnswer parseLocate(String text) throws UnreadableAnswer {
        String body = prepare(text);
        String firstProblem = null;
        for (String candidate : jsonCandidates(body)) {
            JsonNode node;
            try {
                node = JSON.readTree(candidate);
            } catch (JsonProcessingException e) {
                firstProblem = firstProblem == null ? "not valid JSON: " + shortMessage(e) : firstProblem;
                continue;
            }
            try {
                return fromJson(node);
            } catch (UnreadableAnswer e) {
                firstProblem = firstProblem == null ? e.getMessage() : firstProblem;
            }
        }
        ModelAnswer tokens = fromTokens(body);
        if (tokens != null) {
            return tokens;
        }
        throw new UnreadableAnswer(firstProblem != null ? firstProblem
                : "no JSON object or coordinates in the answer: " + excerpt(body));
    }

    /**
     * Parses a verification answer: {@code {"matches": bool, "confidence": 0..1, "reasoning": "..."}}.
     *
     * @throws UnreadableAnswer with the reason
     */
    public static ModelAnswer parseCheck(String text) throws UnreadableAnswer {
        String body = prepare(text);
        String firstProblem = null;
        for (String candidate : jsonCandidates(body)) {
            try {
                JsonNode node = JSON.readTree(candidate);
                if (node.isArray() && node.size() == 1) {
                    node = node.get(0);
                }
                JsonNode matches = node.get("matches");
                if (matches == null || !matches.isBoolean()) {
                    throw new UnreadableAnswer("\"matches\" is missing or not a boolean");
                }
                double confidence = confidence(node);
                return new ModelAnswer(true, null, null, confidence, matches.booleanValue(), text(node, "reasoning"));
            } catch (JsonProcessingException e) {
                firstProblem = firstProblem == null ? "not valid JSON: " + shortMessage(e) : firstProblem;
            } catch (UnreadableAnswer e) {
                firstProblem = firstProblem == null ? e.getMessage() : firstProblem;
            }
        }
        throw new UnreadableAnswer(firstProblem != null ? firstProblem
                : "no JSON object in the answer: " + excerpt(body));
    }

    private static String prepare(String text) throws UnreadableAnswer {
        if (text == null || text.isBlank()) {
            throw new UnreadableAnswer("empty answer");
        }
        if (text.length() > MAX_TEXT) {
            throw new UnreadableAnswer("answer of " + text.length() + " characters is longer than " + MAX_TEXT);
        }
        String body = THINK.matcher(text).replaceAll(" ");
        // Some models stream the closing tag without the opening one: keep what follows it.
        int close = body.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</think>");
        if (close >= 0) {
            body = body.substring(close + "</think>".length());
        }
        return body.trim();
    }

    /** Fenced blocks first, then every balanced {...} or [...] in order of appearance. */
    static List<String> jsonCandidates(String body) {
        List<String> out = new ArrayList<>();
        Matcher fence = FENCE.matcher(body);
        while (fence.find()) {
            out.addAll(balanced(fence.group(1)));
        }
        out.addAll(balanced(body));
        return out;
    }

    /**
     * The outermost bracketed spans, found in one pass with a stack (linear even for adversarial
     * text such as thousands of unclosed braces). Quotes count only inside brackets, so prose
     * with a stray quote before the JSON does not hide it.
     */
    private static List<String> balanced(String s) {
        int n = s.length();
        int[] match = new int[n];
        java.util.Arrays.fill(match, -1);
        int[] stack = new int[Math.min(n, 4096) + 1];
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"' && depth > 0) {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (depth == stack.length) {
                    // Absurd nesting: nothing a model answer needs.
                    break;
                }
                stack[depth++] = i;
            } else if ((c == '}' || c == ']') && depth > 0) {
                match[stack[--depth]] = i;
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < n && out.size() < 16) {
            if (match[i] > i) {
                out.add(s.substring(i, match[i] + 1));
                i = match[i] + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    private static ModelAnswer fromJson(JsonNode node) throws UnreadableAnswer {
        if (node.isArray()) {
            List<JsonNode> objects = new ArrayList<>();
            for (JsonNode e : node) {
                if (e.isObject()) {
                    objects.add(e);
                }
            }
            if (objects.isEmpty()) {
                // A bare [x1, y1, x2, y2] or [x, y].
                double[] nums = numbers(node, "answer");
                if (nums.length == 4) {
                    return new ModelAnswer(true, nums, null, Double.NaN, false, "");
                }
                if (nums.length == 2) {
                    return new ModelAnswer(true, null, nums, Double.NaN, false, "");
                }
                throw new UnreadableAnswer("a list of " + nums.length + " numbers is neither a box nor a point");
            }
            ModelAnswer first = fromObject(objects.get(0));
            for (int i = 1; i < objects.size(); i++) {
                ModelAnswer other = fromObject(objects.get(i));
                if (!sameLocation(first, other)) {
                    throw new UnreadableAnswer("the model gave " + objects.size() + " different locations: ambiguous");
                }
            }
            return first;
        }
        if (!node.isObject()) {
            throw new UnreadableAnswer("the answer is a " + node.getNodeType() + ", not an object");
        }
        return fromObject(node);
    }

    private static ModelAnswer fromObject(JsonNode node) throws UnreadableAnswer {
        JsonNode found = node.get("found");
        if (found != null && !found.isBoolean() && !found.isNull()) {
            throw new UnreadableAnswer("\"found\" is not a boolean: " + excerpt(found.toString()));
        }
        double[] box = optionalNumbers(node, 4, "bbox", "bbox_2d", "box_2d", "box");
        double[] point = optionalNumbers(node, 2, "point", "point_2d", "click");
        double confidence = confidence(node);
        String reasoning = text(node, "reasoning");
        if (found != null && found.isBoolean() && !found.booleanValue()) {
            return new ModelAnswer(false, null, null, confidence, false, reasoning);
        }
        if (box == null && point == null) {
            throw new UnreadableAnswer("the answer has neither a box nor a point: " + excerpt(node.toString()));
        }
        return new ModelAnswer(true, box, point, confidence, false, reasoning);
    }

    private static double[] optionalNumbers(JsonNode node, int length, String... names) throws UnreadableAnswer {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            double[] nums = numbers(v, name);
            if (nums.length != length) {
                throw new UnreadableAnswer("\"" + name + "\" has " + nums.length + " numbers, expected " + length);
            }
            return nums;
        }
        return null;
    }

    private static double[] numbers(JsonNode array, String name) throws UnreadableAnswer {
        if (!array.isArray()) {
            throw new UnreadableAnswer("\"" + name + "\" is not a list of numbers: " + excerpt(array.toString()));
        }
        if (array.size() > 8) {
            throw new UnreadableAnswer("\"" + name + "\" has " + array.size() + " elements");
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = array.get(i);
            if (!n.isNumber()) {
                throw new UnreadableAnswer("\"" + name + "\"[" + i + "] is not a number: " + excerpt(n.toString()));
            }
            out[i] = n.doubleValue();
            if (!Double.isFinite(out[i])) {
                throw new UnreadableAnswer("\"" + name + "\"[" + i + "] is not finite");
            }
        }
        return out;
    }

    /** 0..1; a 1..100 value is read as a percentage; absent gives NaN. */
    private static double confidence(JsonNode node) throws UnreadableAnswer {
        JsonNode c = node.get("confidence");
        if (c == null || c.isNull()) {
            return Double.NaN;
        }
        if (!c.isNumber()) {
            throw new UnreadableAnswer("\"confidence\" is not a number: " + excerpt(c.toString()));
        }
        double v = c.doubleValue();
        if (v > 1 && v <= 100) {
            v = v / 100;
        }
        if (!(v >= 0 && v <= 1)) {
            throw new UnreadableAnswer("\"confidence\" " + c + " is outside 0..1");
        }
        return v;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return "";
        }
        String s = v.isTextual() ? v.textValue() : v.toString();
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    private static boolean sameLocation(ModelAnswer a, ModelAnswer b) {
        return a.found() == b.found() && java.util.Arrays.equals(a.box(), b.box())
                && java.util.Arrays.equals(a.point(), b.point());
    }

    private static ModelAnswer fromTokens(String body) throws UnreadableAnswer {
        Matcher m = QWEN_BOX.matcher(body);
        if (m.find()) {
            return new ModelAnswer(true, parse(m, 1, 4), null, Double.NaN, false, "");
        }
        m = TARS_BOX.matcher(body);
        if (m.find()) {
            if (m.group(3) != null) {
                return new ModelAnswer(true, parse(m, 1, 4), null, Double.NaN, false, "");
            }
            return new ModelAnswer(true, null, parse(m, 1, 2), Double.NaN, false, "");
        }
        m = POINT_TAG.matcher(body);
        if (m.find()) {
            return new ModelAnswer(true, null, parse(m, 1, 2), Double.NaN, false, "");
        }
        return null;
    }

    private static double[] parse(Matcher m, int firstGroup, int count) throws UnreadableAnswer {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(m.group(firstGroup + i));
            } catch (NumberFormatException e) {
                throw new UnreadableAnswer("not a number: " + excerpt(m.group(firstGroup + i)));
            }
        }
        return out;
    }

    private static String shortMessage(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        return msg == null ? e.getClass().getSimpleName() : excerpt(msg);
    }

    static String excerpt(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
    }
}
