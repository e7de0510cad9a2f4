package org.daganstream.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;
import org.daganstream.avro.JobState;
import org.daganstream.gateway.testing.GatewayStack;
import org.daganstream.gateway.testing.GatewayStackExtension;
import org.daganstream.gateway.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/jobs/{id}/events} over real HTTP, fed by records on the status and results topics. */
@ExtendWith(GatewayStackExtension.class)
class GatewayEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void streamDeliversProgressThenTheResultAndCloses(GatewayStack stack) throws Exception {
        String jobId = "events-job-1";
        stack.publishStatus(jobId, JobState.DECODING, 0, 0, null);
        awaitKnown(stack, jobId);

        try (SseClient sse = new SseClient(stack.http(), stack.uri("/api/jobs/" + jobId + "/events"))) {
            SseClient.Event first = sse.next(WAIT);
            assertEquals(200, sse.status());
            assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());
            assertEquals("progress", first.name());
            assertEquals("DECODING", first.data().getString("state"));

            stack.publishStatus(jobId, JobState.PROCESSING, 3, 10, null);
            stack.publishStatus(jobId, JobState.PROCESSING, 7, 10, null);
            List<Integer> done = new ArrayList<>();
            while (done.isEmpty() || done.get(done.size() - 1) < 7) {
                SseClient.Event e = sse.next("progress", WAIT);
                assertEquals("PROCESSING", e.data().getString("state"));
                done.add(e.data().getInteger("framesDone"));
            }
            assertEquals(List.of(3, 7), done);

            // Quiet for a moment: the stream stays open and keep-alive comments flow (1s in tests).
            Thread.sleep(1300);
            assertFalse(sse.closed().isDone(), "the stream closed before the job finished");
            assertTrue(sse.comments() >= 1, "no keep-alive comment");

            stack.publishStatus(jobId, JobState.SUCCEEDED, 10, 10, null);
            stack.publishSuccess(jobId, "results/" + jobId + "/video.mp4", 10);
            SseClient.Event result = sse.next("result", WAIT);
            JsonObject job = result.data();
            assertEquals("SUCCEEDED", job.getString("state"));
            assertTrue(job.getBoolean("finished"));
            assertEquals(1.0, job.getDouble("progress"), 1e-9);
            assertEquals("results/" + jobId + "/video.mp4", job.getJsonObject("result").getString("videoKey"));
            assertEquals("/api/jobs/" + jobId + "/result", job.getString("resultUrl"));

            sse.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void finishedJobGetsItsResultAtOnceAndTheStreamCloses(GatewayStack stack) throws Exception {
        String jobId = "events-job-failed";
        stack.publishStatus(jobId, JobState.FAILED, 0, 0, "the source image contains no face-sized content");
        awaitKnown(stack, jobId);

        try (SseClient sse = new SseClient(stack.http(), stack.uri("/api/jobs/" + jobId + "/events"))) {
            SseClient.Event only = sse.next(WAIT);
            assertEquals("result", only.name());
            assertEquals("FAILED", only.data().getString("state"));
            assertEquals("the source image contains no face-sized content", only.data().getString("reason"));
            sse.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static void awaitKnown(GatewayStack stack, String jobId) {
        GatewayStack.await("job " + jobId + " in the view", WAIT, () -> stack.gateway().view().get(jobId).isPresent());
    }
}
