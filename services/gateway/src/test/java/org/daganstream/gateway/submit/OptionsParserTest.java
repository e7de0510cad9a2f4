package org.daganstream.gateway.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.daganstream.avro.JobOptions;
import org.daganstream.avro.OutputFormat;
import org.daganstream.schema.AvroTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OptionsParserTest {

    @BeforeAll
    static void trust() {
        AvroTrust.install();
    }

    @Test
    void omittedOptionsKeepTheContractDefaults() {
        JobOptions fromForm = OptionsParser.fromForm(MultiMap.caseInsensitiveMultiMap());
        JobOptions fromJson = OptionsParser.fromJson(null, "options.");
        for (JobOptions o : new JobOptions[] {fromForm, fromJson}) {
            assertTrue(o.getRelativeMotion());
            assertTrue(o.getAdaptScale());
            assertEquals(0, o.getAnchorFrame());
            assertFalse(o.getSideBySide());
            assertEquals(OutputFormat.MP4, o.getOutputFormat());
        }
    }

    @Test
    void formFieldsAreText() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("relative", "off").add("adaptScale", "No").add("anchorFrame", " 12 ")
                .add("sideBySide", "1").add("outputFormat", "png-frames").add("priority", "-2");
        JobOptions o = OptionsParser.fromForm(form);
        assertFalse(o.getRelativeMotion());
        assertFalse(o.getAdaptScale());
        assertEquals(12, o.getAnchorFrame());
        assertTrue(o.getSideBySide());
        assertEquals(OutputFormat.PNG_FRAMES, o.getOutputFormat());
        assertEquals(-2, o.getPriority());
    }

    @Test
    void badFormValuesNameTheOption() {
        assertMessage("option 'relative' must be true or false, got 'sometimes'",
                () -> OptionsParser.fromForm(MultiMap.caseInsensitiveMultiMap().add("relative", "sometimes")));
        assertMessage("option 'anchorFrame' must be a driving frame index from 0",
                () -> OptionsParser.fromForm(MultiMap.caseInsensitiveMultiMap().add("anchorFrame", "-1")));
        assertMessage("option 'anchorFrame' is given 2 times",
                () -> OptionsParser.fromForm(MultiMap.caseInsensitiveMultiMap().add("anchorFrame", "1").add("anchorFrame", "2")));
        assertMessage("option 'outputFormat' must be MP4 or PNG_FRAMES, got 'avi'",
                () -> OptionsParser.fromForm(MultiMap.caseInsensitiveMultiMap().add("outputFormat", "avi")));
    }

    @Test
    void jsonValuesMustHaveTheRightType() {
        JobOptions o = OptionsParser.fromJson(new JsonObject().put("relative", false).put("anchorFrame", 4.0)
                .put("callbackMetadata", new JsonObject().put("user", "u1")), "options.");
        assertFalse(o.getRelativeMotion());
        assertEquals(4, o.getAnchorFrame());
        assertEquals("u1", o.getCallbackMetadata().get("user"));

        assertMessage("option 'options.relative' must be true or false, got the string 'true'",
                () -> OptionsParser.fromJson(new JsonObject().put("relative", "true"), "options."));
        assertMessage("option 'options.anchorFrame' must be a whole number, got 2.5",
                () -> OptionsParser.fromJson(new JsonObject().put("anchorFrame", 2.5), "options."));
        assertMessage("option 'options.callbackMetadata.n' must be a string, got 3",
                () -> OptionsParser.fromJson(new JsonObject().put("callbackMetadata", new JsonObject().put("n", 3)), "options."));
        assertMessage("unknown option 'options.relativeMotion'",
                () -> OptionsParser.fromJson(new JsonObject().put("relativeMotion", true), "options."));
    }

    private static void assertMessage(String expected, Runnable action) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, action::run);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
