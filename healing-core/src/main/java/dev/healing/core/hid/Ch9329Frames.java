package dev.healing.core.hid;

/**
 * Pure encoder and decoder of CH9329 serial frames: {@code 57 AB ADDR CMD LEN DATA... SUM}, where
 * SUM is the low byte of the sum of every byte before it. The chip answers each command with
 * {@code CMD | 0x80} and a status byte (0 = success), or {@code CMD | 0xC0} when it failed.
 */
final class Ch9329Frames {
    static final int HEAD_1 = 0x57;
    static final int HEAD_2 = 0xAB;
    static final int CMD_KEYBOARD = 0x02;
    static final int CMD_MOUSE_ABSOLUTE = 0x04;
    static final int REPLY_OK_BIT = 0x80;
    static final int REPLY_ERROR_BITS = 0xC0;
    /** The chip's absolute mouse range is 0..4095 on each axis. */
    static final int CHIP_MAX = 4095;
    static final int MAX_DATA = 64;

    private Ch9329Frames() {
    }

    static byte[] frame(int address, int command, byte[] data) {
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("CH9329 frames carry at most " + MAX_DATA + " data bytes: " + data.length);
        }
        byte[] f = new byte[6 + data.length];
        f[0] = (byte) HEAD_1;
        f[1] = (byte) HEAD_2;
        f[2] = (byte) address;
        f[3] = (byte) command;
        f[4] = (byte) data.length;
        System.arraycopy(data, 0, f, 5, data.length);
        f[f.length - 1] = (byte) sum(f, f.length - 1);
        return f;
    }

    /** @return the keyboard command frame carrying an 8-byte boot report as it is */
    static byte[] keyboard(int address, byte[] bootReport) {
        return frame(address, CMD_KEYBOARD, bootReport);
    }

    /**
     * @param x chip units 0..4095 (pixel * 4096 / screen width)
     * @param wheel signed notches, positive up
     */
    static byte[] mouseAbsolute(int address, int buttons, int x, int y, int wheel) {
        return frame(address, CMD_MOUSE_ABSOLUTE, new byte[] {
            0x02, (byte) buttons, (byte) x, (byte) (x >>> 8), (byte) y, (byte) (y >>> 8), (byte) wheel,
        });
    }

    /** @return the chip unit (0..4095) nearest an absolute HID coordinate (0..32767) */
    static int toChipUnits(int hid) {
        return Math.min(CHIP_MAX, (hid + 4) >>> 3);
    }

    /** @return the frame for a 7-byte absolute mouse report of {@link HidReports#mouse} */
    static byte[] mouseFromReport(int address, byte[] report) {
        int x = (report[1] & 0xFF) | (report[2] & 0xFF) << 8;
        int y = (report[3] & 0xFF) | (report[4] & 0xFF) << 8;
        return mouseAbsolute(address, report[0] & 0xFF, toChipUnits(x), toChipUnits(y), report[5]);
    }

    static int sum(byte[] bytes, int length) {
        int s = 0;
        for (int i = 0; i < length; i++) {
            s += bytes[i] & 0xFF;
        }
        return s & 0xFF;
    }

    /** @return a readable name for a reply status byte */
    static String status(int status) {
        switch (status) {
            case 0x00:
                return "success";
            case 0xE1:
                return "0xE1 timeout receiving a byte";
            case 0xE2:
                return "0xE2 bad frame header";
            case 0xE3:
                return "0xE3 unknown command";
            case 0xE4:
                return "0xE4 checksum mismatch";
            case 0xE5:
                return "0xE5 bad parameter";
            case 0xE6:
                return "0xE6 operation failed";
            default:
                return String.format("0x%02X unknown status", status);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", b & 0xFF));
        }
        return sb.toString();
    }
}
