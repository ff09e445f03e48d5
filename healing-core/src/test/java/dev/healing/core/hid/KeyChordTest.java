package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

final class KeyChordTest {
    private final KeyboardLayout us = KeyboardLayout.us();

    private KeyChord parse(String s) {
        return KeyChord.parse(s, us);
    }

    @Test
    void parse_ctrlShiftT_twoModifiersOneKey() {
        assertEquals(new KeyChord(HidReports.LEFT_CTRL | HidReports.LEFT_SHIFT, List.of(0x17)), parse("ctrl+shift+t"));
    }

    @Test
    void parse_altF4_andNamedKeysInAnyCase() {
        assertEquals(new KeyChord(HidReports.LEFT_ALT, List.of(0x3D)), parse("alt+F4"));
        assertEquals(new KeyChord(0, List.of(0x28)), parse("Return"));
        assertEquals(new KeyChord(0, List.of(0x28)), parse("enter"));
        assertEquals(new KeyChord(0, List.of(0x29)), parse("Escape"));
        assertEquals(new KeyChord(0, List.of(0x29)), parse("esc"));
        assertEquals(new KeyChord(0, List.of(0x2A)), parse("BackSpace"));
        assertEquals(new KeyChord(0, List.of(0x4C)), parse("Delete"));
        assertEquals(new KeyChord(0, List.of(0x4B)), parse("Page_Up"));
        assertEquals(new KeyChord(0, List.of(0x4E)), parse("Page_Down"));
        assertEquals(new KeyChord(0, List.of(0x52)), parse("Up"));
        assertEquals(new KeyChord(0, List.of(0x2C)), parse("space"));
        assertEquals(new KeyChord(0, List.of(0x45)), parse("F12"));
        assertEquals(new KeyChord(HidReports.LEFT_GUI, List.of()), parse("super"));
        assertEquals(new KeyChord(HidReports.LEFT_GUI, List.of(0x15)), parse("win+r"));
        assertEquals(new KeyChord(HidReports.LEFT_GUI, List.of(0x15)), parse("meta+r"));
    }

    @Test
    void parse_upperCaseLetter_addsShiftFromLayout() {
        assertEquals(new KeyChord(HidReports.LEFT_CTRL | HidReports.LEFT_SHIFT, List.of(0x17)), parse("ctrl+T"));
    }

    @Test
    void parse_plusKey_afterModifier() {
        assertEquals(new KeyChord(HidReports.LEFT_CTRL | HidReports.LEFT_SHIFT, List.of(0x2E)), parse("ctrl++"));
        assertEquals(new KeyChord(HidReports.LEFT_CTRL, List.of(0x2D)), parse("ctrl+minus"));
    }

    @Test
    void parse_unknownName_namesItAndCombination() {
        InputException e = assertThrows(InputException.class, () -> parse("ctrl+Hyper"));
        assertTrue(e.getMessage().contains("'Hyper'") && e.getMessage().contains("ctrl+Hyper"), e.getMessage());
    }

    @Test
    void parse_malformed_clearErrors() {
        assertThrows(InputException.class, () -> parse(""));
        assertThrows(InputException.class, () -> parse("ctrl+"));
        assertThrows(InputException.class, () -> parse("a+b+c+d+e+f+g"));
        assertThrows(InputException.class, () -> parse("ctrl+é"));
    }
}
