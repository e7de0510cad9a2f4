package org.daganstream.gateway.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.daganstream.schema.AvroTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeysRequestTest {

    private static final JsonObject DRIVING = new JsonObject().put("key", "in/drive.mp4");

    @BeforeAll
    static void trust() {
        AvroTrust.install();
    }

    @Test
    void bucketDefaultsToTheDeployments() {
        KeysRequest r = KeysRequest.parse(new JsonObject().put("source", new JsonObject().put("key", "in/face.png"))
                .put("driving", DRIVING.copy().put("bucket", "dagan")), "dagan");
        assertEquals("dagan", r.source().getBucket());
        assertEquals("in/face.png", r.source().getKey());
        assertTrue(r.jobId().isEmpty());
        assertTrue(r.options().getRelativeMotion());
    }

    @Test
    void problemsNameTheField() {
        assertMessage("field 'source' is missing", new JsonObject().put("driving", DRIVING));
        assertMessage("field 'source' must be an object", new JsonObject().put("source", "in/face.png").put("driving", DRIVING));
        assertMessage("field 'source.key' must be a non-empty string", new JsonObject()
                .put("source", new JsonObject().put("key", "")).put("driving", DRIVING));
        assertMessage("unknown field 'source.path'", new JsonObject()
                .put("source", new JsonObject().put("path", "x")).put("driving", DRIVING));
        assertMessage("unknown field 'callback'", new JsonObject().put("callback", "http://x"));
        assertMessage("field 'jobId' '../x' is invalid", new JsonObject().put("jobId", "../x")
                .put("source", new JsonObject().put("key", "a")).put("driving", DRIVING));
        assertMessage("name the same object", new JsonObject()
                .put("source", DRIVING).put("driving", DRIVING));
        assertMessage("field 'options' must be an object", new JsonObject().put("options", 3)
                .put("source", new JsonObject().put("key", "a")).put("driving", DRIVING));
    }

    private static void assertMessage(String expected, JsonObject body) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> KeysRequest.parse(body, "dagan"));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
