package dev.healing.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.StoreException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class EvidencePngTest {
    /** A noisy image: different seeds give different pictures. */
    private static Image noise(int width, int height, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(0x1000000);
        }
        return Image.wrap(width, height, px);
    }

    @Test
    void encode_isReadByImageIoAndRoundTrips() {
        Image image = noise(37, 23, 4);
        byte[] png = EvidencePng.encode(image);

        assertEquals(image, Image.fromPng(png), "ImageIO reads our PNG (checks CRCs and zlib)");
        assertEquals(image, EvidencePng.decode(png));
    }

    @Test
    void decode_imageIoPng_withEveryFilter() {
        // ImageIO picks filters per row adaptively; a mixed picture makes it use several.
        int[] px = new int[64 * 64];
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 64 < 32 ? (i * 2654435761L % 0xFFFFFF > 0x800000 ? 0xFF00FF : 0x00FF00) : (i / 64) * 0x010203;
        }
        Image image = Image.wrap(64, 64, px);
        assertEquals(image, EvidencePng.decode(image.toPng()));
    }

    @Test
    void decode_rgbaPng_dropsAlpha() throws Exception {
        BufferedImage argb = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 2, 0x80123456);
        argb.setRGB(4, 3, 0xFFABCDEF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(argb, "png", out);

        Image image = EvidencePng.decode(out.toByteArray());
        assertEquals(0x123456, image.rgb(1, 2));
        assertEquals(0xABCDEF, image.rgb(4, 3));
    }

    @Test
    void decode_greyPng_fallsBackToImageIo() throws Exception {
        BufferedImage grey = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grey, "png", out);

        Image image = EvidencePng.decode(out.toByteArray());
        assertEquals(3, image.width());
        assertTrue((image.rgb(1, 1) & 0xFF) > 150);
    }

    @Test
    void decode_truncatedOrGarbage_throwsStoreException() {
        byte[] png = EvidencePng.encode(noise(30, 30, 1));
        StoreException cut = assertThrows(StoreException.class, () -> EvidencePng.decode(Arrays.copyOf(png, png.length / 2)));
        assertTrue(cut.getMessage().contains("not a readable PNG"), cut.getMessage());
        assertThrows(StoreException.class, () -> EvidencePng.decode(new byte[] {1, 2, 3}));
    }
}
