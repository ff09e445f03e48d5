package dev.healing.vision.openrouter.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class AnswerParserTest {
    @Test
    void parseLocate_plainJson_readsEveryField() throws Exception {
        ModelAnswer a = AnswerParser.parseLocate(
                "{\"found\": true, \"bbox\": [10, 20, 30, 40], \"point\": [20, 30], \"confidence\": 0.91, "
                        + "\"reasoning\": \"the blue Save button\"}");
        assertTrue(a.found());
        assertArrayEquals(new double[] {10, 20, 30, 40}, a.box());
        assertArrayEquals(new double[] {20, 30}, a.point());
        assertEquals(0.91, a.confidence());
        assertEquals("the blue Save button", a.reasoning());
    }

    @Test
    void parseLocate_codeFenceAndProse_findsTheJson() throws Exception {
        ModelAnswer a = AnswerParser.parseLocate("Sure! Here is the location:\n```json\n{\"bbox\": [1, 2, 3, 4], "
                + "\"confidence\": 0.8}\n```\nLet me know if you need more.");
        assertArrayEquals(new double[] {1, 2, 3, 4}, a.box());
    }

    @Test
    void parseLocate_thinkBlockWithDecoyJson_readsTheAnswerAfterIt() throws Exception {
        ModelAnswer a = AnswerParser.parseLocate("<think>maybe {\"bbox\": [9, 9, 9, 9]} no, the other one</think>"
                + "{\"point\": [50, 60], \"confidence\": 0.9}");
        assertNull(a.box());
        assertArrayEquals(new double[] {50, 60}, a.point());
    }

    @Test
    void parseLocate_closingThinkTagWithoutOpening_keepsWhatFollows() throws Exception {
        ModelAnswer a = AnswerParser.parseLocate("reasoning about [1,2] ...</think>\n{\"point\": [5, 6]}");
        assertArrayEquals(new double[] {5, 6}, a.point());
    }

    @Test
    void parseLocate_qwenBbox2dList_readsTheBox() throws Exception {
        ModelAnswer a = AnswerParser.parseLocate("```json\n[\n  {\"bbox_2d\": [136, 16, 497, 54], \"label\": \"search field\"}\n]\n```");
        assertArrayEquals(new double[] {136, 16, 497, 54}, a.box());
        assertTrue(Double.isNaN(a.confidence()));
    }

    @Test
    void parseLocate_qwenPoint2d_readsThePoint() throws Exception {
        ModelAnswer a = AnswerParser.parseLocate("{\"point_2d\": [316, 35], \"label\": \"search\"}");
        assertArrayEquals(new double[] {316, 35}, a.point());
    }

    @Test
    void parseLocate_qwen2vlBoxTokens_readsTheBox() throws Exception {
        ModelAnswer a = AnswerParser.parseLocate(
                "<|object_ref_start|>button<|object_ref_end|><|box_start|>(120,340),(180,400)<|box_end|>");
        assertArrayEquals(new double[] {120, 340, 180, 400}, a.box());
    }

    @Test
    void parseLocate_uiTarsClickAction_readsThePoint() throws Exception {
        ModelAnswer a = AnswerParser.parseLocate("Thought: the login button.\nAction: click(start_box='(512,288)')");
        assertArrayEquals(new double[] {512, 288}, a.point());
        ModelAnswer b = AnswerParser.parseLocate("Action: click(point='<point>200 300</point>')");
        assertArrayEquals(new double[] {200, 300}, b.point());
    }

    @Test
    void parseLocate_foundFalse_isAnAbstention() throws Exception {
        ModelAnswer a = AnswerParser.parseLocate("{\"found\": false, \"bbox\": [0,0,0,0], \"point\": [0,0], "
                + "\"confidence\": 0, \"reasoning\": \"no such button\"}");
        assertFalse(a.found());
        assertEquals("no such button", a.reasoning());
    }

    @Test
    void parseLocate_percentConfidence_isScaled() throws Exception {
        assertEquals(0.95, AnswerParser.parseLocate("{\"point\": [1, 2], \"confidence\": 95}").confidence(), 1e-9);
    }

    @Test
    void parseLocate_nan_isRejected() {
        AnswerParser.UnreadableAnswer e = assertThrows(AnswerParser.UnreadableAnswer.class,
                () -> AnswerParser.parseLocate("{\"point\": [NaN, 2], \"confidence\": 0.9}"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void parseLocate_stringsForNumbers_areRejectedWithTheField() {
        AnswerParser.UnreadableAnswer e = assertThrows(AnswerParser.UnreadableAnswer.class,
                () -> AnswerParser.parseLocate("{\"bbox\": [\"10\", 20, 30, 40]}"));
        assertTrue(e.getMessage().contains("\"bbox\"[0] is not a number"), e.getMessage());
        assertThrows(AnswerParser.UnreadableAnswer.class,
                () -> AnswerParser.parseLocate("{\"point\": [1, 2], \"confidence\": \"high\"}"));
    }

    @Test
    void parseLocate_wrongLengths_areRejected() {
        assertThrows(AnswerParser.UnreadableAnswer.class, () -> AnswerParser.parseLocate("{\"bbox\": [1, 2, 3]}"));
        assertThrows(AnswerParser.UnreadableAnswer.class, () -> AnswerParser.parseLocate("{\"point\": [1]}"));
    }

    @Test
    void parseLocate_confidenceAbove100_isRejected() {
        assertThrows(AnswerParser.UnreadableAnswer.class,
                () -> AnswerParser.parseLocate("{\"point\": [1, 2], \"confidence\": 1e308}"));
        assertThrows(AnswerParser.UnreadableAnswer.class,
                () -> AnswerParser.parseLocate("{\"point\": [1, 2], \"confidence\": -0.2}"));
    }

    @Test
    void parseLocate_severalDifferentBoxes_isAmbiguous() {
        AnswerParser.UnreadableAnswer e = assertThrows(AnswerParser.UnreadableAnswer.class, () -> AnswerParser
                .parseLocate("[{\"bbox_2d\": [1, 2, 3, 4]}, {\"bbox_2d\": [100, 200, 300, 400]}]"));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    }

    @Test
    void parseLocate_noCoordinates_saysSo() {
        AnswerParser.UnreadableAnswer e = assertThrows(AnswerParser.UnreadableAnswer.class,
                () -> AnswerParser.parseLocate("I cannot see a Save button on this screen."));
        assertTrue(e.getMessage().contains("no JSON object or coordinates"), e.getMessage());
        assertThrows(AnswerParser.UnreadableAnswer.class, () -> AnswerParser.parseLocate("{\"label\": \"x\"}"));
        assertThrows(AnswerParser.UnreadableAnswer.class, () -> AnswerParser.parseLocate("   "));
    }

    @Test
    void parseLocate_hugeOrUnbalancedText_failsQuickly() {
        String huge = "{".repeat(150_000);
        assertThrows(AnswerParser.UnreadableAnswer.class, () -> AnswerParser.parseLocate(huge));
        String tooLong = "x".repeat(300_000);
        AnswerParser.UnreadableAnswer e = assertThrows(AnswerParser.UnreadableAnswer.class,
                () -> AnswerParser.parseLocate(tooLong));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void parseCheck_readsMatchAndConfidence() throws Exception {
        ModelAnswer a = AnswerParser.parseCheck("```json\n{\"matches\": true, \"confidence\": 0.87, \"reasoning\": \"ok\"}\n```");
        assertTrue(a.matches());
        assertEquals(0.87, a.confidence());
        assertThrows(AnswerParser.UnreadableAnswer.class, () -> AnswerParser.parseCheck("{\"matches\": \"yes\"}"));
    }
}
