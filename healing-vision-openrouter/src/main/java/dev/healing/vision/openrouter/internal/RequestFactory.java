package dev.healing.vision.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.vision.openrouter.ModelProfile;
import java.util.List;

/**
 * Builds chat-completion request bodies: the prompt in the model's coordinate convention, images
 * as data URLs, the family's temperature, reasoning switch and image detail, and where enabled {@code response_format} with a strict JSON schema
 * and {@code provider.require_parameters}. Immutable and thread-safe.
 */
public final class RequestFactory {
    static final String SYSTEM = "You locate elements of graphical user interfaces on screenshots for a test "
            + "automation tool. A wrong answer makes the tool click the wrong thing, so say found=false "
            + "whenever the element is not clearly visible. Answer with one JSON object and nothing else.";

    private final ObjectMapper json;
    private final String model;
    private final ModelProfile profile;
    private final boolean structuredOutput;
    private final boolean providerRouting;
    private final boolean openRouter;
    private final int maxTokens;
    /** The seed of a repeated sample, or null for none. */
    private final Long seed;
    /** The temperature of a repeated sample, or NaN for the profile's. */
    private final double sampleTemperature;

    /** What the model is told about a reference drawn into the screenshot. */
    static final String INSET = "The picture in a red frame labelled REF in a corner of image 1 is not part of the "
            + "screen: it shows how the element looked before the change. Never answer a place inside it.\n";

    /**
     * @param structuredOutput whether to send {@code response_format} with a JSON schema
     * @param providerRouting  whether to add OpenRouter's {@code provider.require_parameters}
     * @param openRouter       whether OpenRouter's own parameters ({@code reasoning}) are understood
     */
    public RequestFactory(ObjectMapper json, String model, ModelProfile profile, boolean structuredOutput,
                          boolean providerRouting, boolean openRouter, int maxTokens) {
        this(json, model, profile, structuredOutput, providerRouting, openRouter, maxTokens, null, Double.NaN);
    }

    private RequestFactory(ObjectMapper json, String model, ModelProfile profile, boolean structuredOutput,
                           boolean providerRouting, boolean openRouter, int maxTokens, Long seed,
                           double sampleTemperature) {
        this.seed = seed;
        this.sampleTemperature = sampleTemperature;
        this.json = json;
        this.model = model;
        this.profile = profile;
        this.structuredOutput = structuredOutput;
        this.providerRouting = providerRouting;
        this.openRouter = openRouter;
        this.maxTokens = Math.max(maxTokens, profile.minMaxTokens());
    }

    /** @return the same requests without {@code response_format} and provider routing */
    public RequestFactory plain() {
        return new RequestFactory(json, model, profile, false, false, openRouter, maxTokens, seed, sampleTemperature);
    }

    /**
     * @return the same requests as a repeated sample: {@code seed} and {@code temperature} sent
     *     instead of the profile's temperature
     */
    public RequestFactory sampled(long seed, double temperature) {
        return new RequestFactory(json, model, profile, structuredOutput, providerRouting, openRouter, maxTokens,
                seed, temperature);
    }

    /** An image of the request with what the model is told about it. */
    public record Picture(String dataUrl, String caption) {
    }

    /**
     * A locate request.
     *
     * @param screen      the image the coordinates refer to, first in the message
     * @param frame       its frame of reference as the model sees it
     * @param zoomed      whether it is a zoomed crop of the screen rather than the whole screen
     * @param oldPosition the old click point in the model's space (x first), or {@code null}
     * @param extras      further images (baseline crop, failed crop), never referred to by coordinates
     */
    public byte[] locate(String screen, Convention.Frame frame, boolean zoomed, String description,
                         double[] oldPosition, List<Picture> extras) {
        return locate(screen, frame, zoomed, description, oldPosition, extras, false);
    }

    /**
     * A locate request whose first image may carry the reference drawn into it (for servers that
     * take one image per request).
     *
     * @param inset whether the baseline crop is drawn into image 1 in a red frame labelled "REF"
     */
    public byte[] locate(String screen, Convention.Frame frame, boolean zoomed, String description,
                         double[] oldPosition, List<Picture> extras, boolean inset) {
        StringBuilder text = new StringBuilder();
        text.append("Image 1 is ").append(zoomed ? "a zoomed-in part of the current screen" : "the current screen");
        if (frame.pixels()) {
            text.append(", ").append(Math.round(frame.extentX())).append(" x ").append(Math.round(frame.extentY()))
                    .append(" pixels as you see it");
        }
        text.append(".\n");
        if (inset) {
            text.append(INSET);
        }
        for (int i = 0; i < extras.size(); i++) {
            text.append("Image ").append(i + 2).append(' ').append(extras.get(i).caption()).append('\n');
        }
        if (description.isBlank()) {
            text.append(inset ? "Find the element shown in the REF picture on image 1, outside the REF picture.\n"
                    : "Find the element shown in image 2 on image 1.\n");
        } else {
            text.append("Find this element on image 1: \"").append(description.strip()).append("\".\n");
        }
        if (oldPosition != null) {
            text.append("Before the interface changed it was at ").append(pair(oldPosition, frame))
                    .append("; it may have moved, changed its look, or be gone.\n");
        }
        text.append(convention(frame));
        boolean json = structuredOutput || profile.answerFormat() == ModelProfile.AnswerFormat.JSON;
        if (json) {
            text.append("Answer: {\"found\": true or false, \"bbox\": ").append(boxShape(frame))
                    .append(", \"point\": ").append(pointShape(frame))
                    .append(" (where to click), \"confidence\": 0.0 to 1.0, \"reasoning\": \"one sentence\"}.\n")
                    .append("If the element is not visible, is covered, or several elements fit equally well, "
                            + "answer found=false with confidence 0.");
        } else {
            text.append(nativeShape());
        }
        ObjectNode body = base(screen, text.toString(), extras);
        if (structuredOutput) {
            ObjectNode schema = json();
            ObjectNode props = schema.putObject("properties");
            props.putObject("found").put("type", "boolean");
            numberArray(props.putObject("bbox"), "the element's box " + boxShape(frame));
            numberArray(props.putObject("point"), "where to click " + pointShape(frame));
            props.putObject("confidence").put("type", "number").put("description", "0..1");
            props.putObject("reasoning").put("type", "string");
            schema.putArray("required").add("found").add("bbox").add("point").add("confidence").add("reasoning");
            schema.put("additionalProperties", false);
            addSchema(body, "element_location", schema);
        }
        return bytes(body);
    }

    /**
     * A marks request: which of the numbered marks drawn on the screenshot, if any, is the element?
     *
     * @param count the marks are numbered 1..count
     */
    public byte[] marks(String markedScreen, String description, int count, List<Picture> extras) {
        return marks(markedScreen, description, count, extras, false);
    }

    /**
     * A marks request whose first image may carry the reference drawn into it.
     *
     * @param inset whether the baseline crop is drawn into image 1 in a red frame labelled "REF"
     */
    public byte[] marks(String markedScreen, String description, int count, List<Picture> extras, boolean inset) {
        StringBuilder text = new StringBuilder("Image 1 is the current screen with ").append(count)
                .append(" numbered red marks (1 to ").append(count).append(") drawn on candidate elements.\n");
        if (inset) {
            text.append(INSET);
        }
        for (int i = 0; i < extras.size(); i++) {
            text.append("Image ").append(i + 2).append(' ').append(extras.get(i).caption()).append('\n');
        }
        text.append(description.isBlank() ? (inset ? "Which mark sits on the element shown in the REF picture?\n"
                : "Which mark sits on the element shown in image 2?\n")
                : "Which mark sits on this element: \"" + description.strip() + "\"?\n");
        text.append("Answer: {\"mark\": the number, or 0 if none of the marks is on it, \"confidence\": 0.0 to 1.0, "
                + "\"reasoning\": \"one sentence\"}.");
        ObjectNode body = base(markedScreen, text.toString(), extras);
        if (structuredOutput) {
            ObjectNode schema = json();
            ObjectNode props = schema.putObject("properties");
            props.putObject("mark").put("type", "integer");
            props.putObject("confidence").put("type", "number").put("description", "0..1");
            props.putObject("reasoning").put("type", "string");
            schema.putArray("required").add("mark").add("confidence").add("reasoning");
            schema.put("additionalProperties", false);
            addSchema(body, "element_mark", schema);
        }
        return bytes(body);
    }

    /** A verification request: is the element under the marker the described one? */
    public byte[] verify(String markedCrop, Convention.Frame frame, String description) {
        String text = "Image 1 is part of the current screen"
                + (frame.pixels() ? ", " + Math.round(frame.extentX()) + " x " + Math.round(frame.extentY())
                        + " pixels as you see it" : "")
                + ", with a red ring drawn around one point.\n"
                + "Is the element under the red ring this one: \"" + description.strip() + "\"?\n"
                + "Answer: {\"matches\": true or false, \"confidence\": 0.0 to 1.0, \"reasoning\": \"one sentence\"}.";
        ObjectNode body = base(markedCrop, text, List.of());
        if (structuredOutput) {
            ObjectNode schema = json();
            ObjectNode props = schema.putObject("properties");
            props.putObject("matches").put("type", "boolean");
            props.putObject("confidence").put("type", "number").put("description", "0..1");
            props.putObject("reasoning").put("type", "string");
            schema.putArray("required").add("matches").add("confidence").add("reasoning");
            schema.put("additionalProperties", false);
            addSchema(body, "element_check", schema);
        }
        return bytes(body);
    }

    private ObjectNode json() {
        ObjectNode schema = json.createObjectNode();
        schema.put("type", "object");
        return schema;
    }

    private String convention(Convention.Frame frame) {
        if (frame.pixels()) {
            return "Give coordinates in absolute pixels of image 1: x from 0 to " + Math.round(frame.extentX())
                    + " rightward, y from 0 to " + Math.round(frame.extentY())
                    + " downward, origin at the top-left corner.\n";
        }
        String max = Conventions.fmt(new double[] {frame.extentX()}).replaceAll("[\\[\\]]", "");
        if (frame.yFirst()) {
            return "Give coordinates normalized to 0.." + max + ", y first: boxes as [ymin, xmin, ymax, xmax] and "
                    + "points as [y, x], (0, 0) the top-left corner of image 1.\n";
        }
        return "Give coordinates relative to image 1 on a 0 to " + max + " scale: x rightward, y downward, (0, 0) "
                + "the top-left and (" + max + ", " + max + ") the bottom-right corner.\n";
    }

    /** The family's own answer shape, and nothing else. */
    private String nativeShape() {
        String none = "\nIf the element is not on image 1, answer NONE and nothing else.";
        return switch (profile.answerFormat()) {
            case JSON -> "";
            case QWEN_JSON -> "Answer in JSON: [{\"bbox_2d\": [x1, y1, x2, y2], \"point_2d\": [x, y], \"label\": "
                    + "\"the element\"}]." + none;
            case GEMINI_JSON -> "Answer in JSON: {\"box_2d\": [ymin, xmin, ymax, xmax], \"point\": [y, x], "
                    + "\"label\": \"the element\"}." + none;
            case TARS_ACTION -> "Answer with the action only: click(start_box='(x,y)')." + none;
            case POINT_TAG -> "Answer with the point only: <point>x y</point>." + none;
            case GLM_BOX -> "Answer with the box only: <|begin_of_box|>[[x1,y1,x2,y2]]<|end_of_box|>." + none;
            case BBOX_TAG -> "Answer with the box only: <bbox>x1 y1 x2 y2</bbox>." + none;
            case INTERNVL_BOX -> "Answer with the box only: <ref>the element</ref><box>[[x1, y1, x2, y2]]</box>."
                    + none;
            case CLICK_ABSOLUTE -> "Answer with the action only: click_absolute(x=.., y=..)." + none;
            case BARE_POINT -> "Answer with the point only: (x, y)." + none;
            case PYAUTOGUI -> "Answer with the action only: pyautogui.click(x=.., y=..)." + none;
            case MOLMO_POINT -> "Answer with the point only: <point x=\"..\" y=\"..\" alt=\"the element\">the "
                    + "element</point>." + none;
        };
    }

    private static String boxShape(Convention.Frame frame) {
        return frame.yFirst() ? "[ymin, xmin, ymax, xmax]" : "[x1, y1, x2, y2]";
    }

    private static String pointShape(Convention.Frame frame) {
        return frame.yFirst() ? "[y, x]" : "[x, y]";
    }

    private static String pair(double[] xy, Convention.Frame frame) {
        String a = Conventions.fmt(new double[] {xy[0]}).replaceAll("[\\[\\]]", "");
        String b = Conventions.fmt(new double[] {xy[1]}).replaceAll("[\\[\\]]", "");
        return frame.yFirst() ? "[" + b + ", " + a + "] (y, x)" : "(" + a + ", " + b + ")";
    }

    private ObjectNode base(String firstImage, String text, List<Picture> extras) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        double temperature = Double.isNaN(sampleTemperature) ? profile.temperature() : sampleTemperature;
        if (!Double.isNaN(temperature)) {
            body.put("temperature", temperature);
        }
        if (seed != null) {
            body.put("seed", seed.longValue());
        }
        body.put("max_tokens", maxTokens);
        if (openRouter) {
            switch (profile.reasoning()) {
                case OFF -> body.putObject("reasoning").put("enabled", false);
                case LOW -> body.putObject("reasoning").put("effort", "low");
                case ON -> body.putObject("reasoning").put("enabled", true);
                default -> { }
            }
        }
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM);
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        ArrayNode content = user.putArray("content");
        image(content, firstImage);
        for (Picture p : extras) {
            image(content, p.dataUrl());
        }
        content.addObject().put("type", "text").put("text", text);
        return body;
    }

    private void image(ArrayNode content, String url) {
        ObjectNode image = content.addObject().put("type", "image_url").putObject("image_url").put("url", url);
        if (profile.detail() != null) {
            image.put("detail", profile.detail());
        }
    }

    private void addSchema(ObjectNode body, String name, ObjectNode schema) {
        ObjectNode format = body.putObject("response_format");
        format.put("type", "json_schema");
        ObjectNode js = format.putObject("json_schema");
        js.put("name", name);
        js.put("strict", true);
        js.set("schema", schema);
        if (providerRouting) {
            body.putObject("provider").put("require_parameters", true);
        }
    }

    private static void numberArray(ObjectNode node, String description) {
        node.put("type", "array");
        node.putObject("items").put("type", "number");
        node.put("description", description);
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }
}
