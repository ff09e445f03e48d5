package dev.healing.vision.openrouter;

/** How screenshots are encoded into the request's data URLs. */
public enum ImageFormat {
    /** Lossy, about a tenth of PNG's size for a screenshot and faster to encode; the default. */
    JPEG("image/jpeg"),
    /** Lossless; larger requests. */
    PNG("image/png");

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** @return the MIME type written into the data URL, e.g. {@code image/jpeg} */
    public String mediaType() {
        return mediaType;
    }
}
