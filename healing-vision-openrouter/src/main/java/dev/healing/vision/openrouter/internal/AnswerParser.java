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
    /** Longest answer read, in characters. */
    public static final int MAX_TEXT = 200_000;
    private static final Pattern THINK = Pattern.compile("(?is)<think>.*?</think>");
    private static final Pattern QWEN_BOX = Pattern.compile(
            "<\\|box_start\\|>\\s*\\(\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)\\s*\\)\\s*,?\\s*\\(\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)\\s*\\)");
    private static final Pattern TARS_BOX = Pattern.compile(
            "start_box\\s*=\\s*['\"]?\\s*[(\\[]\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)\\s*(?:,\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)\\s*)?[)\\]]");
    private static final Pattern POINT_TAG = Pattern.compile("<point>\\s*\\(?\\s*(-?[0-9.]+)[\\s,]+(-?[0-9.]+)\\s*\\)?\\s*</point>");
    /** Doubao-Seed's {@code <bbox>x1 y1 x2 y2</bbox>}. */
    private static final Pattern BBOX_TAG = Pattern.compile(
            "<bbox>\\s*(-?[0-9.]+)[\\s,]+(-?[0-9.]+)[\\s,]+(-?[0-9.]+)[\\s,]+(-?[0-9.]+)\\s*</bbox>");
    /** Keyword calls: {@code click_absolute(x=.., y=..)}, {@code pyautogui.click(x=.., y=..)}, Molmo's {@code <point x=".." y="..">}. */
    private static final Pattern XY_KEYWORDS = Pattern.compile(
            "\\bx\\s*=\\s*['\"]?\\s*(-?[0-9.]+)\\s*['\"]?\\s*,?\\s*y\\s*=\\s*['\"]?\\s*(-?[0-9.]+)");
    /** {@code pyautogui.click(x, y)} without keywords. */
    private static final Pattern PYAUTOGUI = Pattern.compile(
            "pyautogui\\.\\w+\\(\\s*(-?[0-9.]+)\\s*,\\s*(-?[0-9.]+)");
    /** A bare {@code (x, y)} pair, read only for models that answer that way. */
    private static final Pattern BARE_POINT = Pattern.compile("\\(\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*,\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*\\)");
    private static final Pattern BARE_MARK = Pattern.compile("(?s)\\W*(?:mark\\s*)?([0-9]{1,2})\\W*");
    /** More answers than this in one reply is noise, not an answer. */
    private static final int MAX_ANSWERS = 8;

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
     * Parses a locate answer in any of the known shapes, bare {@code (x, y)} pairs excluded.
     *
     * @throws UnreadableAnswer with the reason, when no usable answer is in the text
     */
    public static ModelAnswer parseLocate(String text) throws UnreadableAnswer {
        return parseLocate(text, false);
    }

    /**
     * Parses a locate answer. Every answer in the text counts, in whatever shape: JSON objects and
     * lists, Qwen box tokens, UI-TARS actions, {@code <point>}/{@code <bbox>} tags, {@code x=.., y=..}
     * calls and, when {@code barePoints}, bare {@code (x, y)} pairs. Several answers that do not
     * agree (a decoy before the real one, an injected second object) are a disagreement and
     * rejected, never resolved by taking the first.
     *
     * @param barePoints whether a bare {@code (x, y)} pair is an answer (GTA1-style models)
     * @throws UnreadableAnswer with the reason, when no usable answer is in the text or answers disagree
     */
    public static ModelAnswer parseLocate(String text, boolean barePoints) throws UnreadableAnswer {
        String body = prepare(text);
        String firstProblem = null;
        List<ModelAnswer> answers = new ArrayList<>();
        for (String candidate : balanced(body)) {
            JsonNode node;
            try {
                node = JSON.readTree(candidate);
            } catch (JsonProcessingException e) {
                firstProblem = firstProblem == null ? "not valid JSON: " + shortMessage(e) : firstProblem;
                continue;
            }
            try {
                answers.add(fromJson(node));
            } catch (UnreadableAnswer e) {
                if (e.getMessage().contains("ambiguous")) {
                    throw e;
                }
                firstProblem = firstProblem == null ? e.getMessage() : firstProblem;
            }
        }
        fromTokens(body, answers);
        if (answers.isEmpty() && barePoints) {
            Matcher m = BARE_POINT.matcher(body);
            while (m.find() && answers.size() <= MAX_ANSWERS) {
                answers.add(new ModelAnswer(true, null, parse(m, 1, 2), Double.NaN, false, ""));
            }
        }
        if (answers.isEmpty()) {
            throw new UnreadableAnswer(firstProblem != null ? firstProblem
                    : "no JSON object or coordinates in the answer: " + excerpt(body));
        }
        return agreed(answers);
    }

    /** One answer from several that must all agree; the richest (a box and a point) is kept. */
    private static ModelAnswer agreed(List<ModelAnswer> answers) throws UnreadableAnswer {
        if (answers.size() > MAX_ANSWERS) {
            throw new UnreadableAnswer("the model gave " + answers.size() + " answers: ambiguous");
        }
        ModelAnswer best = answers.get(0);
        double confidence = best.confidence();
        for (int i = 1; i < answers.size(); i++) {
            ModelAnswer other = answers.get(i);
            for (int j = 0; j < i; j++) {
                if (!sameLocation(answers.get(j), other)) {
                    throw new UnreadableAnswer("the model gave " + answers.size()
                            + " different answers in one reply: ambiguous");
                }
            }
            if (richness(other) > richness(best)) {
                best = other;
            }
            if (other.hasConfidence()) {
                confidence = Double.isNaN(confidence) ? other.confidence() : Math.min(confidence, other.confidence());
            }
        }
        String reasoning = best.reasoning();
        for (ModelAnswer a : answers) {
            if (reasoning.isEmpty()) {
                reasoning = a.reasoning();
            }
        }
        return new ModelAnswer(best.found(), best.box(), best.point(), confidence, false, reasoning);
    }

    private static int richness(ModelAnswer a) {
        return (a.box() != null ? 2 : 0) + (a.point() != null ? 1 : 0);
    }

    /**
     * Parses a verification answer: {@code {"matches": bool, "confidence": 0..1, "reasoning": "..."}}.
     * Several objects that disagree on {@code matches} are rejected.
     *
     * @throws UnreadableAnswer with the reason
     */
    public static ModelAnswer parseCheck(String text) throws UnreadableAnswer {
        String body = prepare(text);
        String firstProblem = null;
        ModelAnswer result = null;
        for (String candidate : balanced(body)) {
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
                ModelAnswer a = new ModelAnswer(true, null, null, confidence, matches.booleanValue(),
                        text(node, "reasoning"));
                if (result != null && result.matches() != a.matches()) {
                    throw new UnreadableAnswer("the model gave contradicting answers in one reply: ambiguous");
                }
                if (result == null || (a.hasConfidence() && (!result.hasConfidence()
                        || a.confidence() < result.confidence()))) {
                    result = a;
                }
            } catch (JsonProcessingException e) {
                firstProblem = firstProblem == null ? "not valid JSON: " + shortMessage(e) : firstProblem;
            } catch (UnreadableAnswer e) {
                if (e.getMessage().contains("ambiguous")) {
                    throw e;
                }
                firstProblem = firstProblem == null ? e.getMessage() : firstProblem;
            }
        }
        if (result != null) {
            return result;
        }
        throw new UnreadableAnswer(firstProblem != null ? firstProblem
                : "no JSON object in the answer: " + excerpt(body));
    }

    /**
     * Parses a marks answer: {@code {"mark": n, "confidence": .., "reasoning": ..}} or a bare
     * number; 0 means none of the marks. Several different numbers are a disagreement.
     *
     * @return the mark 0..{@code count} in {@link ModelAnswer#point()}[0], with confidence and reasoning
     * @throws UnreadableAnswer when no mark is given, it is out of range, or the marks disagree
     */
    public static ModelAnswer parseMark(String text, int count) throws UnreadableAnswer {
        String body = prepare(text);
        Integer mark = null;
        double confidence = Double.NaN;
        String reasoning = "";
        for (String candidate : balanced(body)) {
            JsonNode node;
            try {
                node = JSON.readTree(candidate);
            } catch (JsonProcessingException e) {
                continue;
            }
            if (node.isArray() && node.size() == 1) {
                node = node.get(0);
            }
            JsonNode m = node.get("mark");
            if (m == null || m.isNull()) {
                continue;
            }
            if (!m.isIntegralNumber()) {
                throw new UnreadableAnswer("\"mark\" is not a whole number: " + excerpt(m.toString()));
            }
            if (mark != null && mark != m.intValue()) {
                throw new UnreadableAnswer("the model named marks " + mark + " and " + m.intValue() + ": ambiguous");
            }
            mark = m.intValue();
            double c = confidence(node);
            confidence = Double.isNaN(confidence) ? c : Double.isNaN(c) ? confidence : Math.min(confidence, c);
            reasoning = reasoning.isEmpty() ? text(node, "reasoning") : reasoning;
        }
        if (mark == null) {
            Matcher bare = BARE_MARK.matcher(body);
            if (bare.matches()) {
                mark = Integer.parseInt(bare.group(1));
            }
        }
        if (mark == null) {
            throw new UnreadableAnswer("no mark in the answer: " + excerpt(body));
        }
        if (mark < 0 || mark > count) {
            throw new UnreadableAnswer("mark " + mark + " is not one of 1.." + count);
        }
        return new ModelAnswer(mark > 0, null, new double[] {mark, 0}, confidence, false, reasoning);
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
        while (i < n && out.size() < MAX_ANSWERS * 2) {
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
                if (node.size() == 1 && node.get(0).isArray()) {
                    // GLM's and InternVL's [[x1, y1, x2, y2]].
                    node = node.get(0);
                }
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
            List<ModelAnswer> each = new ArrayList<>();
            for (JsonNode o : objects) {
                each.add(fromObject(o));
            }
            return agreed(each);
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
        if (point == null && node.path("x").isNumber() && node.path("y").isNumber()) {
            point = new double[] {node.path("x").doubleValue(), node.path("y").doubleValue()};
            if (!Double.isFinite(point[0]) || !Double.isFinite(point[1])) {
                throw new UnreadableAnswer("\"x\"/\"y\" are not finite");
            }
        }
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

    /** Same verdict, and the same place: equal coordinates, or one's point inside the other's box. */
    private static boolean sameLocation(ModelAnswer a, ModelAnswer b) {
        if (a.found() != b.found()) {
            return false;
        }
        if (!a.found()) {
            return true;
        }
        if (java.util.Arrays.equals(a.box(), b.box()) && java.util.Arrays.equals(a.point(), b.point())) {
            return true;
        }
        if (a.box() != null && b.box() != null) {
            return java.util.Arrays.equals(a.box(), b.box());
        }
        if (a.point() != null && b.point() != null) {
            return java.util.Arrays.equals(a.point(), b.point());
        }
        return a.box() != null ? within(b.point(), a.box()) : within(a.point(), b.box());
    }

    private static boolean within(double[] p, double[] box) {
        return p[0] >= Math.min(box[0], box[2]) && p[0] <= Math.max(box[0], box[2])
                && p[1] >= Math.min(box[1], box[3]) && p[1] <= Math.max(box[1], box[3]);
    }

    /** Adds every answer written in a token or call syntax. */
    private static void fromTokens(String body, List<ModelAnswer> out) throws UnreadableAnswer {
        collect(QWEN_BOX.matcher(body), 4, out);
        Matcher m = TARS_BOX.matcher(body);
        while (m.find() && out.size() <= MAX_ANSWERS) {
            out.add(m.group(3) != null ? new ModelAnswer(true, parse(m, 1, 4), null, Double.NaN, false, "")
                    : new ModelAnswer(true, null, parse(m, 1, 2), Double.NaN, false, ""));
        }
        collect(POINT_TAG.matcher(body), 2, out);
        collect(BBOX_TAG.matcher(body), 4, out);
        collect(XY_KEYWORDS.matcher(body), 2, out);
        collect(PYAUTOGUI.matcher(body), 2, out);
    }

    private static void collect(Matcher m, int count, List<ModelAnswer> out) throws UnreadableAnswer {
        while (m.find() && out.size() <= MAX_ANSWERS) {
            double[] v = parse(m, 1, count);
            out.add(count == 4 ? new ModelAnswer(true, v, null, Double.NaN, false, "")
                    : new ModelAnswer(true, null, v, Double.NaN, false, ""));
        }
    }

    private static double[] parse(Matcher m, int firstGroup, int count) throws UnreadableAnswer {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(m.group(firstGroup + i));
                if (!Double.isFinite(out[i])) {
                    throw new NumberFormatException();
                }
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
