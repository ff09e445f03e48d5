package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class AbsoluteScaleTest {
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1920,1080", "2560,1440", "3840,2160", "1280,720", "1,1", "16384,16384"})
    void roundTrip_everyColumnAndRow_landsOnSamePixel(int width, int height) {
        AbsoluteScale s = new AbsoluteScale(width, height);
        int previous = -1;
        for (int x = 0; x < width; x++) {
            int hid = s.toHidX(x);
            assertTrue(hid > previous && hid <= AbsoluteScale.HID_MAX, "x " + x + " -> " + hid);
            assertEquals(x, s.toPixelX(hid), "column " + x);
            previous = hid;
        }
        previous = -1;
        for (int y = 0; y < height; y++) {
            int hid = s.toHidY(y);
            assertTrue(hid > previous && hid <= AbsoluteScale.HID_MAX, "y " + y + " -> " + hid);
            assertEquals(y, s.toPixelY(hid), "row " + y);
            previous = hid;
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1920,1080", "2560,1440", "3840,2160"})
    void roundTrip_randomPixelsThroughEncodedReport_landOnSamePixel(int width, int height) {
        AbsoluteScale s = new AbsoluteScale(width, height);
        SplittableRandom random = new SplittableRandom(width * 31L + height);
        for (int i = 0; i < 200_000; i++) {
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            byte[] report = HidReports.mouse(0, s.toHidX(x), s.toHidY(y), 0, 0);
            int hx = (report[1] & 0xFF) | (report[2] & 0xFF) << 8;
            int hy = (report[3] & 0xFF) | (report[4] & 0xFF) << 8;
            assertEquals(x, s.toPixelX(hx), () -> "x of (" + x + ", " + y + ")");
            assertEquals(y, s.toPixelY(hy), () -> "y of (" + x + ", " + y + ")");
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1920,1080", "2560,1440", "3840,2160"})
    void toHid_isPixelCentre_landsOnPixelWhicheverWayTargetRounds(int width, int height) {
        // A target that maps 0..32767 onto 0..width-1 with rounding must land on the same pixel.
        AbsoluteScale s = new AbsoluteScale(width, height);
        for (int x = 0; x < width; x++) {
            double exact = (s.toHidX(x) + 0.5) * width / 32768.0;
            assertTrue(exact > x && exact < x + 1, "centre of column " + x + " is " + exact);
        }
    }

    @Test
    void constructor_zeroWidth_rejectedWithSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AbsoluteScale(0, 1080));
        assertTrue(e.getMessage().contains("0x1080"), e.getMessage());
    }

    @Test
    void toHidX_offScreen_rejectedWithValue() {
        AbsoluteScale s = new AbsoluteScale(1920, 1080);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.toHidX(1920));
        assertTrue(e.getMessage().contains("1920"), e.getMessage());
    }

    @Test
    void parse_widthByHeight_andBadText() {
        assertEquals(new AbsoluteScale(2560, 1440), AbsoluteScale.parse("2560x1440"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AbsoluteScale.parse("2560*1440"));
        assertTrue(e.getMessage().contains("2560*1440"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AbsoluteScale.parse("x1440"));
        assertThrows(IllegalArgumentException.class, () -> AbsoluteScale.parse("0x0"));
    }
}
