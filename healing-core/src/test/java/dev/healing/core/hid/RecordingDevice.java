package dev.healing.core.hid;

import dev.healing.api.InputException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A fake HID device that records every report as "K:hex" or "M:hex" and can be told to fail. */
final class RecordingDevice implements HidDevice {
    final List<String> reports = new ArrayList<>();
    int failKeyboardAfter = Integer.MAX_VALUE;
    int failMouseAfter = Integer.MAX_VALUE;
    boolean offline;
    boolean closed;
    private int keyboardSent;
    private int mouseSent;

    @Override
    public synchronized void sendKeyboard(byte[] report) {
        if (offline || keyboardSent >= failKeyboardAfter) {
            throw new InputException("fake keyboard offline");
        }
        keyboardSent++;
        reports.add("K:" + HexFormat.of().formatHex(report));
    }

    @Override
    public synchronized void sendMouse(byte[] report) {
        if (offline || mouseSent >= failMouseAfter) {
            throw new InputException("fake mouse offline");
        }
        mouseSent++;
        reports.add("M:" + HexFormat.of().formatHex(report));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    synchronized List<String> reports() {
        return List.copyOf(reports);
    }

    static String k(int modifiers, int... keys) {
        return "K:" + HexFormat.of().formatHex(HidReports.keyboard(modifiers, keys));
    }

    static String m(int buttons, int x, int y, int wheel, int pan) {
        return "M:" + HexFormat.of().formatHex(HidReports.mouse(buttons, x, y, wheel, pan));
    }
}
