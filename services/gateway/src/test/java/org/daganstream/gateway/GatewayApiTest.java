package org.daganstream.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.daganstream.avro.JobRequest;
import org.daganstream.avro.JobState;
import org.daganstream.avro.OutputFormat;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.gateway.testing.GatewayStack;
import org.daganstream.gateway.testing.GatewayStackExtension;
import org.daganstream.gateway.testing.Multipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP API over real HTTP, on the embedded broker and S3 server. */
@ExtendWith(GatewayStackExtension.class)
class GatewayApiTest {

    private static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private GatewayStack stack;

    @BeforeEach
    void stack(GatewayStack shared) {
        stack = shared;
    }

    // ---- multipart upload -----------------------------------------------------------------------------------------

    @Test
    void uploadStoresBothFilesAndPublishesTheJob() throws Exception {
        byte[] image = bytes(40_000, 1, PNG_HEAD);
        byte[] video = bytes(200_000, 2, new byte[0]);
        Multipart form = new Multipart()
                .field("relative", "false")
                .field("adaptScale", "on")
                .field("anchorFrame", "3")
                .field("sideBySide", "true")
                .field("outputFormat", "png_frames")
                .file("source", "face.PNG", "image/png", image)
                .file("driving", "clip.mov", "application/octet-stream", video);

        HttpResponse<String> response = stack.postMultipart("/api/jobs", form);

        assertEquals(202, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        String jobId = body.getString("jobId");
        assertTrue(BlobKeys.isValidJobId(jobId), jobId);
        assertEquals("/api/jobs/" + jobId, body.getString("statusUrl"));
        assertEquals("/api/jobs/" + jobId + "/events", body.getString("eventsUrl"));
        assertEquals("/api/jobs/" + jobId + "/result", body.getString("resultUrl"));
        assertEquals("ACCEPTED", body.getString("state"));
        assertEquals(body.getString("statusUrl"), response.headers().firstValue("location").orElseThrow());

        assertArrayEquals(image, stack.blobs().get("uploads/" + jobId + "/source.png"));
        assertArrayEquals(video, stack.blobs().get("uploads/" + jobId + "/driving.mov"));

        JobRequest job = stack.jobRequest(jobId);
        assertNotNull(job, "no JobRequest for " + jobId + " on dagan.jobs");
        assertEquals(stack.blobs().bucket(), job.getSource().getBucket());
        assertEquals("uploads/" + jobId + "/source.png", job.getSource().getKey());
        assertEquals("uploads/" + jobId + "/driving.mov", job.getDriving().getKey());
        assertFalse(job.getOptions().getRelativeMotion());
        assertTrue(job.getOptions().getAdaptScale());
        assertEquals(3, job.getOptions().getAnchorFrame());
        assertTrue(job.getOptions().getSideBySide());
        assertEquals(OutputFormat.PNG_FRAMES, job.getOptions().getOutputFormat());
        assertNull(job.getModelBundleId());

        // The job is visible at once, before any stage reported on it.
        HttpResponse<String> status = stack.get("/api/jobs/" + jobId);
        assertEquals(200, status.statusCode());
        assertEquals("ACCEPTED", new JsonObject(status.body()).getString("state"));
    }

    @Test
    void uploadWithoutDrivingVideoIsRefusedAndLeavesNothingBehind() throws Exception {
        HttpResponse<String> response = stack.postMultipart("/api/jobs", new Multipart()
                .file("source", "face.png", "image/png", bytes(1000, 3, PNG_HEAD)));

        assertEquals(400, response.statusCode(), response.body());
        JsonObject error = new JsonObject(response.body());
        assertEquals(400, error.getInteger("status"));
        assertTrue(error.getString("error").contains("'driving' is missing"), error.getString("error"));
        assertNoUploadsRemainAfter(response);
    }

    @Test
    void oversizedDrivingVideoIsRefusedWith413() throws Exception {
        HttpResponse<String> response = stack.postMultipart("/api/jobs", new Multipart()
                .file("source", "face.png", "image/png", bytes(1000, 4, PNG_HEAD))
                .file("driving", "clip.mp4", "video/mp4", bytes((int) GatewayStack.MAX_UPLOAD_BYTES + 10_000, 5, new byte[0])));

        assertEquals(413, response.statusCode(), response.body());
        String error = new JsonObject(response.body()).getString("error");
        assertTrue(error.contains("'driving'") && error.contains("gateway.max.upload.bytes"), error);
        assertNoUploadsRemainAfter(response);
    }

    @Test
    void sourceOverItsOwnLimitIsRefusedWith413() throws Exception {
        HttpResponse<String> response = stack.postMultipart("/api/jobs", new Multipart()
                .file("source", "face.png", "image/png", bytes((int) GatewayStack.MAX_SOURCE_BYTES + 1, 6, PNG_HEAD))
                .file("driving", "clip.mp4", "video/mp4", bytes(1000, 7, new byte[0])));

        assertEquals(413, response.statusCode(), response.body());
        assertTrue(new JsonObject(response.body()).getString("error").contains("gateway.max.source.bytes"));
    }

    @Test
    void badOptionsAndWrongFileKindsNameTheField() throws Exception {
        assertRefused(400, "anchorFrame", new Multipart().field("anchorFrame", "abc")
                .file("source", "face.png", "image/png", bytes(100, 8, PNG_HEAD))
                .file("driving", "clip.mp4", "video/mp4", bytes(100, 9, new byte[0])));
        assertRefused(400, "outputFormat", new Multipart().field("outputFormat", "gif")
                .file("source", "face.png", "image/png", bytes(100, 8, PNG_HEAD))
                .file("driving", "clip.mp4", "video/mp4", bytes(100, 9, new byte[0])));
        assertRefused(400, "field 'source' must be an image", new Multipart()
                .file("source", "clip.mp4", "video/mp4", bytes(100, 8, new byte[0]))
                .file("driving", "clip2.mp4", "video/mp4", bytes(100, 9, new byte[0])));
        assertRefused(400, "unknown form field 'colour'", new Multipart().field("colour", "red")
                .file("source", "face.png", "image/png", bytes(100, 8, PNG_HEAD))
                .file("driving", "clip.mp4", "video/mp4", bytes(100, 9, new byte[0])));
        assertRefused(400, "'driving' is an empty file", new Multipart()
                .file("source", "face.png", "image/png", bytes(100, 8, PNG_HEAD))
                .file("driving", "clip.mp4", "video/mp4", new byte[0]));
    }

    @Test
    void otherContentTypesAreRefusedWith415() throws Exception {
        HttpResponse<String> response = stack.http().send(HttpRequest.newBuilder(stack.uri("/api/jobs"))
                .header("content-type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, response.statusCode(), response.body());
        assertTrue(new JsonObject(response.body()).getString("error").contains("multipart/form-data"));
    }

    // ---- JSON by object keys ------------------------------------------------------------------------------------------

    @Test
    void jobByKeysPublishesTheGivenObjects() throws Exception {
        stack.blobs().put("inputs/keys-test/face.jpg", bytes(500, 10, new byte[0]));
        stack.blobs().put("inputs/keys-test/drive.mp4", bytes(500, 11, new byte[0]));
        JsonObject request = new JsonObject()
                .put("jobId", "keys-job-1")
                .put("source", new JsonObject().put("bucket", stack.blobs().bucket()).put("key", "inputs/keys-test/face.jpg"))
                .put("driving", new JsonObject().put("key", "inputs/keys-test/drive.mp4"))
                .put("options", new JsonObject().put("adaptScale", false).put("anchorFrame", 2)
                        .put("callbackMetadata", new JsonObject().put("ticket", "T-17")))
                .put("modelBundleId", "tiny-test");

        HttpResponse<String> response = stack.postJson("/api/jobs", request);

        assertEquals(202, response.statusCode(), response.body());
        assertEquals("keys-job-1", new JsonObject(response.body()).getString("jobId"));
        JobRequest job = stack.jobRequest("keys-job-1");
        assertNotNull(job);
        assertEquals("inputs/keys-test/face.jpg", job.getSource().getKey());
        assertEquals("inputs/keys-test/drive.mp4", job.getDriving().getKey());
        assertFalse(job.getOptions().getAdaptScale());
        assertTrue(job.getOptions().getRelativeMotion());
        assertEquals(2, job.getOptions().getAnchorFrame());
        assertEquals("T-17", job.getOptions().getCallbackMetadata().get("ticket"));
        assertEquals("tiny-test", job.getModelBundleId());

        // The same id again is a conflict, not a second job.
        assertEquals(409, stack.postJson("/api/jobs", request).statusCode());
    }

    @Test
    void jobByKeysNamesTheMissingOrInvalidField() throws Exception {
        JsonObject driving = new JsonObject().put("key", "inputs/x/drive.mp4");
        assertJsonRefused(400, "field 'source' is missing", new JsonObject().put("driving", driving));
        assertJsonRefused(400, "field 'source.key' is missing",
                new JsonObject().put("source", new JsonObject()).put("driving", driving));
        assertJsonRefused(400, "field 'source.bucket' is 'elsewhere'", new JsonObject()
                .put("source", new JsonObject().put("bucket", "elsewhere").put("key", "a.png")).put("driving", driving));
        assertJsonRefused(400, "option 'options.relative' must be true or false", new JsonObject()
                .put("source", new JsonObject().put("key", "a.png")).put("driving", driving)
                .put("options", new JsonObject().put("relative", "maybe")));
        assertJsonRefused(400, "unknown option 'options.speed'", new JsonObject()
                .put("source", new JsonObject().put("key", "a.png")).put("driving", driving)
                .put("options", new JsonObject().put("speed", 2)));

        HttpResponse<String> notJson = stack.http().send(HttpRequest.newBuilder(stack.uri("/api/jobs"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{oops")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notJson.statusCode());
        assertTrue(new JsonObject(notJson.body()).getString("error").contains("not a JSON object"));
    }

    @Test
    void jobByKeysWithAMissingObjectIs404() throws Exception {
        stack.blobs().put("inputs/missing-test/face.png", bytes(100, 12, PNG_HEAD));
        HttpResponse<String> response = stack.postJson("/api/jobs", new JsonObject()
                .put("source", new JsonObject().put("key", "inputs/missing-test/face.png"))
                .put("driving", new JsonObject().put("key", "inputs/missing-test/nothing-here.mp4")));

        assertEquals(404, response.statusCode(), response.body());
        String error = new JsonObject(response.body()).getString("error");
        assertTrue(error.contains("inputs/missing-test/nothing-here.mp4") && error.contains("'driving'"), error);
    }

    // ---- status and list ----------------------------------------------------------------------------------------------

    @Test
    void statusAndListFollowTheStatusTopic() throws Exception {
        stack.publishStatus("status-job-a", JobState.PROCESSING, 5, 20, null);
        stack.publishStatus("status-job-b", JobState.STALLED, 18, 20, "frames 3, 7 missing; replay them");
        awaitState("status-job-a", "PROCESSING");
        awaitState("status-job-b", "STALLED");

        JsonObject a = new JsonObject(stack.get("/api/jobs/status-job-a").body());
        assertEquals(5, a.getInteger("framesDone"));
        assertEquals(20, a.getInteger("frameCount"));
        assertEquals(0.25, a.getDouble("progress"), 1e-9);
        assertFalse(a.getBoolean("finished"));

        JsonObject b = new JsonObject(stack.get("/api/jobs/status-job-b").body());
        assertEquals("frames 3, 7 missing; replay them", b.getString("reason"));

        stack.publishStatus("status-job-a", JobState.PROCESSING, 12, 20, null);
        GatewayStack.await("progress 12 of job a", Duration.ofSeconds(10),
                () -> fetch("/api/jobs/status-job-a").getInteger("framesDone") == 12);

        JsonObject list = fetch("/api/jobs?limit=500");
        List<String> ids = ids(list.getJsonArray("jobs"));
        assertTrue(ids.contains("status-job-a") && ids.contains("status-job-b"), ids.toString());
        // Most recently updated first: a was updated after b.
        assertTrue(ids.indexOf("status-job-a") < ids.indexOf("status-job-b"), ids.toString());

        List<String> stalled = ids(fetch("/api/jobs?state=stalled").getJsonArray("jobs"));
        assertTrue(stalled.contains("status-job-b") && !stalled.contains("status-job-a"), stalled.toString());
        assertEquals(400, stack.get("/api/jobs?limit=0").statusCode());
        assertEquals(400, stack.get("/api/jobs?state=DANCING").statusCode());
    }

    @Test
    void unknownJobsAre404() throws Exception {
        for (String path : List.of("/api/jobs/no-such-job", "/api/jobs/no-such-job/result", "/api/jobs/no-such-job/events",
                "/api/jobs/..%2Fetc")) {
            HttpResponse<String> response = stack.get(path);
            assertEquals(404, response.statusCode(), path);
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"), path);
        }
    }

    // ---- result download ----------------------------------------------------------------------------------------------

    @Test
    void resultIsServedWithRangesOnceTheJobSucceeded() throws Exception {
        String jobId = "result-job";
        byte[] video = bytes(50_000, 13, new byte[0]);
        stack.blobs().put("results/" + jobId + "/video.mp4", video);
        stack.publishStatus(jobId, JobState.ASSEMBLING, 10, 10, null);
        awaitState(jobId, "ASSEMBLING");

        HttpResponse<String> early = stack.get("/api/jobs/" + jobId + "/result");
        assertEquals(409, early.statusCode());
        assertTrue(new JsonObject(early.body()).getString("error").contains("not finished"));

        stack.publishSuccess(jobId, "results/" + jobId + "/video.mp4", 10);
        awaitState(jobId, "SUCCEEDED");

        HttpResponse<byte[]> full = getBytes("/api/jobs/" + jobId + "/result", null);
        assertEquals(200, full.statusCode());
        assertEquals("video/mp4", full.headers().firstValue("content-type").orElse(""));
        assertEquals("bytes", full.headers().firstValue("accept-ranges").orElse(""));
        assertArrayEquals(video, full.body());

        HttpResponse<byte[]> middle = getBytes("/api/jobs/" + jobId + "/result", "bytes=1000-1999");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 1000-1999/50000", middle.headers().firstValue("content-range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(video, 1000, 2000), middle.body());

        HttpResponse<byte[]> tail = getBytes("/api/jobs/" + jobId + "/result", "bytes=-100");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(video, 49_900, 50_000), tail.body());

        HttpResponse<byte[]> open = getBytes("/api/jobs/" + jobId + "/result", "bytes=49990-");
        assertEquals(206, open.statusCode());
        assertEquals(10, open.body().length);

        HttpResponse<byte[]> beyond = getBytes("/api/jobs/" + jobId + "/result", "bytes=50000-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */50000", beyond.headers().firstValue("content-range").orElse(""));
    }

    @Test
    void largeResultsStreamStraightFromStorageAcrossManyChunks() throws Exception {
        String jobId = "large-result-job";
        String key = "results/" + jobId + "/video.mp4";
        byte[] video = bytes(1_000_003, 17, new byte[0]); // about 15 chunks of 64 KiB, with a short last one
        stack.blobs().put(key, video);
        stack.publishSuccess(jobId, key, 10);
        awaitState(jobId, "SUCCEEDED");
        String path = "/api/jobs/" + jobId + "/result";

        HttpResponse<byte[]> full = getBytes(path, null);
        assertEquals(200, full.statusCode());
        assertEquals("1000003", full.headers().firstValue("content-length").orElse(""));
        assertArrayEquals(video, full.body());

        HttpResponse<byte[]> middle = getBytes(path, "bytes=65000-700000");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 65000-700000/1000003", middle.headers().firstValue("content-range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(video, 65_000, 700_001), middle.body());

        HttpResponse<byte[]> head = stack.http().send(HttpRequest.newBuilder(stack.uri(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("range", "bytes=-10")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, head.statusCode());
        assertEquals("10", head.headers().firstValue("content-length").orElse(""));
        assertEquals("bytes 999993-1000002/1000003", head.headers().firstValue("content-range").orElse(""));
        assertEquals(0, head.body().length);

        String etag = full.headers().firstValue("etag").orElseThrow();
        HttpResponse<byte[]> unchanged = stack.http().send(HttpRequest.newBuilder(stack.uri(path))
                .header("if-none-match", etag).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, unchanged.statusCode());

        stack.blobs().delete(key);
        HttpResponse<String> gone = stack.get(path);
        assertEquals(410, gone.statusCode());
        assertTrue(new JsonObject(gone.body()).getString("error").contains("no longer in object storage"), gone.body());
    }

    @Test
    void failedJobHasNoResult() throws Exception {
        stack.publishStatus("failed-job", JobState.FAILED, 0, 0, "the driving video has no video stream");
        awaitState("failed-job", "FAILED");
        HttpResponse<String> response = stack.get("/api/jobs/failed-job/result");
        assertEquals(409, response.statusCode());
        assertTrue(new JsonObject(response.body()).getString("error").contains("no video stream"));
    }

    @Test
    void healthAndMetricsShareThePort() throws Exception {
        assertEquals(200, stack.get("/health/live").statusCode());
        HttpResponse<String> ready = stack.get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        HttpResponse<String> metrics = stack.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("dagan_gateway_jobs_held"), "gateway gauges missing from /metrics");
        HttpResponse<String> page = stack.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>dagan-stream</title>"));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    private void assertRefused(int status, String expected, Multipart form) throws Exception {
        HttpResponse<String> response = stack.postMultipart("/api/jobs", form);
        assertEquals(status, response.statusCode(), response.body());
        String error = new JsonObject(response.body()).getString("error");
        assertTrue(error.contains(expected), "expected '" + expected + "' in: " + error);
    }

    private void assertJsonRefused(int status, String expected, JsonObject body) throws Exception {
        HttpResponse<String> response = stack.postJson("/api/jobs", body);
        assertEquals(status, response.statusCode(), response.body());
        String error = new JsonObject(response.body()).getString("error");
        assertTrue(error.contains(expected), "expected '" + expected + "' in: " + error);
    }

    /** Refused uploads are deleted in the background; wait until no upload of an unpublished job is left. */
    private void assertNoUploadsRemainAfter(HttpResponse<String> response) {
        GatewayStack.await("refused uploads to be deleted", Duration.ofSeconds(10), () -> stack.blobs().list("uploads/")
                .stream().map(k -> k.split("/")[1]).distinct().allMatch(id -> stack.gateway().view().get(id).isPresent()));
    }

    private void awaitState(String jobId, String state) {
        GatewayStack.await("job " + jobId + " in state " + state, Duration.ofSeconds(10), () -> {
            try {
                HttpResponse<String> r = stack.get("/api/jobs/" + jobId);
                return r.statusCode() == 200 && state.equals(new JsonObject(r.body()).getString("state"));
            } catch (Exception e) {
                return false;
            }
        });
    }

    private JsonObject fetch(String path) {
        try {
            return new JsonObject(stack.get(path).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<byte[]> getBytes(String path, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.uri(path)).timeout(Duration.ofSeconds(20));
        if (range != null) {
            request.header("range", range);
        }
        return stack.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> ids(JsonArray jobs) {
        return jobs.stream().map(j -> ((JsonObject) j).getString("jobId")).toList();
    }

    private static byte[] bytes(int size, long seed, byte[] head) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        System.arraycopy(head, 0, data, 0, Math.min(head.length, size));
        return data;
    }
}
