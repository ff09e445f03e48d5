package dev.healing.examples.robot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.InputException;
import java.awt.event.KeyEvent;
import org.junit.jupiter.api.Test;

final class KeyNamesTest {
    @Test
    void parse_modifiersAndLetter_inPressOrder() {
        assertArrayEquals(new int[] {KeyEvent.VK_CONTROL, KeyEvent.VK_SHIFT, KeyEvent.VK_T},
                KeyNames.parse("ctrl+shift+t"));
        assertArrayEquals(new int[] {KeyEvent.VK_ALT, KeyEvent.VK_F4}, KeyNames.parse("alt+F4"));
        assertArrayEquals(new int[] {KeyEvent.VK_ENTER}, KeyNames.parse("Return"));
    }

    @Test
    void parse_unknownName_errorNamesIt() {
        InputException e = assertThrows(InputException.class, () -> KeyNames.parse("ctrl+hyperdrive"));
        assertTrue(e.getMessage().contains("hyperdrive"), e.getMessage());
        assertThrows(InputException.class, () -> KeyNames.parse(" "));
    }
}
