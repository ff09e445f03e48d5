package dev.healing.vision.openrouter.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.vision.openrouter.ImageFormat;
import java.util.Base64;
import org.junit.jupiter.api.Test;

final class FrameEncoderTest {
    @Test
    void resize_halfSize_averagesEachTwoByTwoBlock() {
        int[] px = {
            0x000000, 0x040404, 0x102030, 0x102030,
            0x080808, 0x0C0C0C, 0x102030, 0x102030,
        };
        Image out = FrameEncoder.resize(Image.wrap(4, 2, px), 2, 1);
        assertEquals(0x060606, out.rgb(0, 0));
        assertEquals(0x102030, out.rgb(1, 0));
    }

    @Test
    void resize_randomImage_matchesExactAreaAveragingWithinFourLevels() {
        java.util.Random random = new java.util.Random(7);
        int sw = 197;
        int sh = 111;
        int[] px = new int[sw * sh];
        for (int i = 0; i < px.length; i++) {
            px[i] = random.nextInt(1 << 24);
        }
        Image src = Image.wrap(sw, sh, px);
        int tw = 135;
        int th = 76;
        Image out = FrameEncoder.resize(src, tw, th);
        double fx = (double) sw / tw;
        double fy = (double) sh / th;
        for (int oy = 0; oy < th; oy++) {
            for (int ox = 0; ox < tw; ox++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    double sum = 0;
                    double area = 0;
                    for (int y = (int) (oy * fy); y < Math.min(sh, Math.ceil((oy + 1) * fy)); y++) {
                        double wy = Math.min(y + 1, (oy + 1) * fy) - Math.max(y, oy * fy);
                        for (int x = (int) (ox * fx); x < Math.min(sw, Math.ceil((ox + 1) * fx)); x++) {
                            double wx = Math.min(x + 1, (ox + 1) * fx) - Math.max(x, ox * fx);
                            sum += (px[y * sw + x] >>> shift & 0xFF) * wx * wy;
                            area += wx * wy;
                        }
                    }
                    int got = out.rgb(ox, oy) >>> shift & 0xFF;
                    assertTrue(Math.abs(got - sum / area) <= 3.5, "(" + ox + "," + oy + ") " + got + " vs " + sum / area);
                }
            }
        }
    }

    @Test
    void resize_sameSize_returnsTheImageItself() {
        Image img = Image.filled(30, 20, 0x123456);
        assertSame(img, FrameEncoder.resize(img, 30, 20));
    }

    @Test
    void resize_uniformImageToOddSize_staysUniform() {
        Image out = FrameEncoder.resize(Image.filled(1920, 1080, 0x3366CC), 1316, 728);
        assertEquals(1316, out.width());
        for (int p : out.pixels()) {
            assertEquals(0x3366CC, p);
        }
    }

    @Test
    void resize_upscale_keepsValuesWithinSourceRange() {
        Image out = FrameEncoder.resize(Image.wrap(2, 1, new int[] {0x000000, 0xFFFFFF}), 5, 3);
        for (int p : out.pixels()) {
            assertTrue((p & 0xFF) <= 255 && (p >>> 16) <= 255);
        }
        assertEquals(0x000000, out.rgb(0, 0));
        assertEquals(0xFFFFFF, out.rgb(4, 0));
    }

    @Test
    void encode_jpeg_decodesToTheSentSize() {
        FrameEncoder.Encoded e = FrameEncoder.encode(stripes(1920, 1080), new SentSize(1316, 728), ImageFormat.JPEG,
                0.9f);
        assertEquals("image/jpeg", e.mediaType());
        Image back = Image.fromPng(e.bytes());
        assertEquals(1316, back.width());
        assertEquals(728, back.height());
        assertTrue(e.dataUrl().startsWith("data:image/jpeg;base64,"));
    }

    @Test
    void encode_pngWithoutResize_isLossless() {
        Image img = stripes(200, 120);
        FrameEncoder.Encoded e = FrameEncoder.encode(img, new SentSize(200, 120), ImageFormat.PNG, 0.9f);
        String url = e.dataUrl();
        Image back = Image.fromPng(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
        assertArrayEquals(img.pixels(), back.pixels());
    }

    static Image stripes(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = ((x / 7) % 2 == 0 ? 0xF0F0F0 : 0x203040) ^ (y % 13 == 0 ? 0x0F0000 : 0);
            }
        }
        return Image.wrap(w, h, px);
    }
}
