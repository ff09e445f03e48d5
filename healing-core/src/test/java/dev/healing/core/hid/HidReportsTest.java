package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

final class HidReportsTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void keyboard_letterA_isUsage4InFirstSlot() {
        assertArrayEquals(hex("00 00 04 00 00 00 00 00"), HidReports.keyboard(0, 0x04));
    }

    @Test
    void keyboard_ctrlShiftWithTwoKeys_modifierBitsAndKeysInOrder() {
        assertArrayEquals(hex("03 00 17 04 00 00 00 00"),
                HidReports.keyboard(HidReports.LEFT_CTRL | HidReports.LEFT_SHIFT, 0x17, 0x04));
    }

    @Test
    void keyboard_released_isEightZeros() {
        assertArrayEquals(new byte[8], HidReports.keyboardReleased());
    }

    @Test
    void keyboard_sevenKeys_rejectedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HidReports.keyboard(0, 4, 5, 6, 7, 8, 9, 10));
        assertTrue(e.getMessage().contains("at most 6"), e.getMessage());
    }

    @Test
    void keyboard_keyCodeZero_rejectedWithValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HidReports.keyboard(0, 0));
        assertTrue(e.getMessage().contains(": 0"), e.getMessage());
    }

    @Test
    void mouse_leftButtonAtCentre_xyLittleEndian() {
        // 16384 = 0x4000, 12345 = 0x3039
        assertArrayEquals(hex("01 00 40 39 30 00 00"), HidReports.mouse(HidReports.BUTTON_LEFT, 16384, 12345, 0, 0));
    }

    @Test
    void mouse_maxCoordinatesAndWheels_encodeSigned() {
        assertArrayEquals(hex("06 ff 7f ff 7f 81 7f"),
                HidReports.mouse(HidReports.BUTTON_RIGHT | HidReports.BUTTON_MIDDLE, 32767, 32767, -127, 127));
        assertArrayEquals(hex("00 00 00 00 00 fd 00"), HidReports.mouse(0, 0, 0, -3, 0));
    }

    @Test
    void mouse_xAbove32767_rejectedWithValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HidReports.mouse(0, 32768, 0, 0, 0));
        assertTrue(e.getMessage().contains("32768"), e.getMessage());
    }

    @Test
    void mouse_wheel128_rejected() {
        assertThrows(IllegalArgumentException.class, () -> HidReports.mouse(0, 0, 0, 128, 0));
        assertThrows(IllegalArgumentException.class, () -> HidReports.mouse(0, 0, 0, 0, -128));
    }

    @Test
    void keyboardDescriptor_declaresEightByteBootReport() {
        List<DescriptorItems.Field> fields = DescriptorItems.inputs(HidReports.keyboardDescriptor());
        assertEquals(HidReports.KEYBOARD_REPORT_LENGTH * 8, DescriptorItems.inputBits(HidReports.keyboardDescriptor()));
        assertEquals(3, fields.size());
        assertEquals(8, fields.get(0).count(), "eight modifier bits first");
        assertEquals(1, fields.get(0).size());
        assertTrue(fields.get(1).constant(), "then the reserved byte");
        assertEquals(HidReports.MAX_KEYS, fields.get(2).count(), "then six key slots");
        assertEquals(8, fields.get(2).size());
    }

    @Test
    void mouseDescriptor_declaresSevenByteAbsoluteReport() {
        byte[] d = HidReports.mouseDescriptor();
        assertEquals(HidReports.MOUSE_REPORT_LENGTH * 8, DescriptorItems.inputBits(d));
        List<DescriptorItems.Field> fields = DescriptorItems.inputs(d);
        assertEquals(4, fields.size());
        DescriptorItems.Field buttons = fields.get(0);
        assertEquals(8, buttons.bits());
        DescriptorItems.Field xy = fields.get(1);
        assertEquals(List.of(0x30, 0x31), xy.usages(), "X then Y");
        assertEquals(16, xy.size());
        assertEquals(2, xy.count());
        assertEquals(0, xy.logicalMin());
        assertEquals(AbsoluteScale.HID_MAX, xy.logicalMax());
        assertTrue(!xy.relative(), "X and Y are absolute");
        assertEquals(List.of(0x38), fields.get(2).usages(), "vertical wheel");
        assertEquals(-127, fields.get(2).logicalMin());
        assertTrue(fields.get(2).relative());
        assertEquals(List.of(0x0238), fields.get(3).usages(), "AC Pan");
    }

    @Test
    void descriptors_areDefensiveCopies() {
        byte[] a = HidReports.mouseDescriptor();
        a[0] = 0;
        assertNotSame(a, HidReports.mouseDescriptor());
        assertEquals(0x05, HidReports.mouseDescriptor()[0]);
    }
}
