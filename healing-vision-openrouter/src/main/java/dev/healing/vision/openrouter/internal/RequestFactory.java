package dev.healing.vision.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.healing.vision.openrouter.ModelProfile;
import dev.healing.vision.openrouter.ModelProfile.CoordinateSpace;
import java.util.List;

/**
 * Builds chat-completion request bodies: the prompt in the model's coordinate convention, images
 * as data URLs, temperature 0, and where enabled {@code response_format} with a strict JSON schema
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
    private final int maxTokens;

    /**
     * @param structuredOutput whether to send {@code response_format} with a JSON schema
     * @param providerRouting  whether to add OpenRouter's {@code provider.require_parameters}
     */
    public RequestFactory(ObjectMapper json, String model, ModelProfile profile, boolean structuredOutput,
                          boolean providerRouting, int maxTokens) {
        this.json = json;
        this.model = model;
        this.profile = profile;
        this.structuredOutput = structuredOutput;
        this.providerRouting = providerRouting;
        this.maxTokens = maxTokens;
    }

    /** An image of the request with what the model is told about it. */
    public record Picture(String dataUrl, String caption) {
    }

    /**
     * A locate request.
     *
     * @param screen      the image the coordinates refer to, first in the message
     * @param sent        its size as the model sees it
     * @param zoomed      whether it is a zoomed crop of the screen rather than the whole screen
     * @param oldPosition the old click point in the model's space (x first), or {@code null}
     * @param extras      further images (baseline crop, failed crop), never referred to by coordinates
     */
    public byte[] locate(String screen, SentSize sent, boolean zoomed, String description, double[] oldPosition,
                         List<Picture> extras) {
        StringBuilder text = new StringBuilder();
        text.append("Image 1 is ").append(zoomed ? "a zoomed-in part of the current screen" : "the current screen")
                .append(", ").append(sent.width()).append(" x ").append(sent.height())
                .append(" pixels as you see it.\n");
        for (int i = 0; i < extras.size(); i++) {
            text.append("Image ").append(i + 2).append(' ').append(extras.get(i).caption()).append('\n');
        }
        if (description.isBlank()) {
            text.append("Find the element shown in image 2 on image 1.\n");
        } else {
            text.append("Find this element on image 1: \"").append(description.strip()).append("\".\n");
        }
        if (oldPosition != null) {
            text.append("Before the interface changed it was at ").append(pair(oldPosition))
                    .append("; it may have moved, changed its look, or be gone.\n");
        }
        text.append(convention(sent));
        text.append("Answer: {\"found\": true or false, \"bbox\": ").append(boxShape())
                .append(", \"point\": ").append(pointShape())
                .append(" (where to click), \"confidence\": 0.0 to 1.0, \"reasoning\": \"one sentence\"}.\n")
                .append("If the element is not visible, is covered, or several elements fit equally well, answer "
                        + "found=false with confidence 0.");
        ObjectNode body = base(screen, text.toString(), extras);
        if (structuredOutput) {
            ObjectNode schema = json.createObjectNode();
            schema.put("type", "object");
            ObjectNode props = schema.putObject("properties");
            props.putObject("found").put("type", "boolean");
            numberArray(props.putObject("bbox"), "the element's box " + boxShape());
            numberArray(props.putObject("point"), "where to click " + pointShape());
            props.putObject("confidence").put("type", "number").put("description", "0..1");
            props.putObject("reasoning").put("type", "string");
            schema.putArray("required").add("found").add("bbox").add("point").add("confidence").add("reasoning");
            schema.put("additionalProperties", false);
            addSchema(body, "element_location", schema);
        }
        return bytes(body);
    }

    /** A verification request: is the element under the marker the described one? */
    public byte[] verify(String markedCrop, SentSize sent, String description) {
        String text = "Image 1 is part of the current screen, " + sent.width() + " x " + sent.height()
                + " pixels as you see it, with a red ring drawn around one point.\n"
                + "Is the element under the red ring this one: \"" + description.strip() + "\"?\n"
                + "Answer: {\"matches\": true or false, \"confidence\": 0.0 to 1.0, \"reasoning\": \"one sentence\"}.";
        ObjectNode body = base(markedCrop, text, List.of());
        if (structuredOutput) {
            ObjectNode schema = json.createObjectNode();
            schema.put("type", "object");
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

    private String convention(SentSize sent) {
        return switch (profile.coordinateSpace()) {
            case IMAGE_PIXELS -> "Give coordinates in absolute pixels of image 1: x from 0 to " + sent.width()
                    + " rightward, y from 0 to " + sent.height() + " downward, origin at the top-left corner.\n";
            case NORMALIZED_1000 -> "Give coordinates relative to image 1 on a 0 to 1000 scale: x rightward, "
                    + "y downward, (0, 0) the top-left and (1000, 1000) the bottom-right corner.\n";
            case NORMALIZED_1000_YX -> "Give coordinates normalized to 0..1000, y first: boxes as [ymin, xmin, "
                    + "ymax, xmax] and points as [y, x], (0, 0) the top-left corner of image 1.\n";
        };
    }

    private String boxShape() {
        return profile.coordinateSpace() == CoordinateSpace.NORMALIZED_1000_YX ? "[ymin, xmin, ymax, xmax]"
                : "[x1, y1, x2, y2]";
    }

    private String pointShape() {
        return profile.coordinateSpace() == CoordinateSpace.NORMALIZED_1000_YX ? "[y, x]" : "[x, y]";
    }

    private String pair(double[] xy) {
        long a = Math.round(xy[0]);
        long b = Math.round(xy[1]);
        return profile.coordinateSpace() == CoordinateSpace.NORMALIZED_1000_YX
                ? "[" + b + ", " + a + "] (y, x)" : "(" + a + ", " + b + ")";
    }

    private ObjectNode base(String firstImage, String text, List<Picture> extras) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.put("temperature", 0);
        body.put("max_tokens", maxTokens);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM);
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        ArrayNode content = user.putArray("content");
        content.addObject().put("type", "image_url").putObject("image_url").put("url", firstImage);
        for (Picture p : extras) {
            content.addObject().put("type", "image_url").putObject("image_url").put("url", p.dataUrl());
        }
        content.addObject().put("type", "text").put("text", text);
        return body;
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
