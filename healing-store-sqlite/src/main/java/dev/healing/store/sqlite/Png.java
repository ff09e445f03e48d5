package dev.healing.store.sqlite;

import dev.healing.api.Image;
import dev.healing.api.StoreException;

/** PNG encoding of stored images. */
final class Png {
    private Png() {
    }

    static byte[] encode(Image image) {
        return image.toPng();
    }

    static Image decode(byte[] png) {
        try {
            return Image.fromPng(png);
        } catch (IllegalArgumentException e) {
            throw new StoreException("a stored image is not a readable PNG: " + e.getMessage(), e);
        }
    }
}
