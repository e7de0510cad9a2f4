package org.daganstream.gateway.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.daganstream.gateway.submit.UploadNames.Role;
import org.junit.jupiter.api.Test;

class UploadNamesTest {

    @Test
    void extensionComesFromTheNameThenTheType() {
        assertEquals("source.jpg", UploadNames.objectName(Role.SOURCE, "Me.JPEG", "application/octet-stream"));
        assertEquals("source.png", UploadNames.objectName(Role.SOURCE, "blob", "image/png"));
        assertEquals("driving.mov", UploadNames.objectName(Role.DRIVING, "clip.MOV", null));
        assertEquals("driving.webm", UploadNames.objectName(Role.DRIVING, null, "video/webm; codecs=vp9"));
        assertEquals("driving.bin", UploadNames.objectName(Role.DRIVING, "recording", "application/octet-stream"),
                "nothing known: ingest will look at the bytes");
    }

    @Test
    void theWrongKindOfFileIsRefused() {
        InvalidRequestException video = assertThrows(InvalidRequestException.class,
                () -> UploadNames.objectName(Role.SOURCE, "clip.mp4", "video/mp4"));
        assertTrue(video.getMessage().contains("field 'source' must be an image"), video.getMessage());
        InvalidRequestException text = assertThrows(InvalidRequestException.class,
                () -> UploadNames.objectName(Role.DRIVING, "notes", "text/plain"));
        assertTrue(text.getMessage().contains("of type text/plain"), text.getMessage());
    }
}
