package dev.healing.vision.openrouter.internal;

import dev.healing.api.Cost;
import java.util.Objects;

/**
 * How one model call ended, after retries.
 *
 * @param kind    OK with the content, FAILED with the reason, or IMAGE_TOO_LARGE
 * @param content the assistant's text when OK, else {@code ""}
 * @param reason  why it failed; {@code ""} when OK; never contains the API key
 * @param cost    what the attempts cost, from the responses' {@code usage}
 */
public record ChatReply(Kind kind, String content, String reason, Cost cost) {
    /** How a call ended. */
    public enum Kind {
        /** The model answered. */
        OK,
        /** The call failed; see the reason. */
        FAILED,
        /** The server said an image is too large; worth one retry with smaller images. */
        IMAGE_TOO_LARGE,
        /** The server takes one image per request ("At most 1 image(s)"); worth one retry with one image. */
        ONE_IMAGE_ONLY,
        /** No provider supports the requested parameters; worth one retry without the schema and routing. */
        PARAMETERS_UNSUPPORTED
    }

    /** Normalises nulls. */
    public ChatReply {
        Objects.requireNonNull(kind, "kind");
        content = content == null ? "" : content;
        reason = reason == null ? "" : reason;
        cost = cost == null ? Cost.FREE : cost;
    }

    /** @return whether the model answered */
    public boolean ok() {
        return kind == Kind.OK;
    }
}
