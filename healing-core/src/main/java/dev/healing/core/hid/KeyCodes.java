package dev.healing.core.hid;

/** HID usage page 7 key codes used by the layouts and key names. */
final class KeyCodes {
    static final int A = 0x04;
    static final int DIGIT_1 = 0x1E;
    static final int ENTER = 0x28;
    static final int ESCAPE = 0x29;
    static final int BACKSPACE = 0x2A;
    static final int TAB = 0x2B;
    static final int SPACE = 0x2C;
    static final int MINUS = 0x2D;
    static final int F1 = 0x3A;
    static final int INSERT = 0x49;
    static final int HOME = 0x4A;
    static final int PAGE_UP = 0x4B;
    static final int DELETE = 0x4C;
    static final int END = 0x4D;
    static final int PAGE_DOWN = 0x4E;
    static final int RIGHT = 0x4F;
    static final int LEFT = 0x50;
    static final int DOWN = 0x51;
    static final int UP = 0x52;

    private KeyCodes() {
    }
}
