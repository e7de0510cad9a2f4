package org.daganstream.gateway.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.daganstream.avro.JobState;
import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.daganstream.avro.ReenactmentOutcome;
import org.daganstream.schema.AvroTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobViewTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    @BeforeAll
    static void trust() {
        AvroTrust.install();
    }

    @Test
    void resultDecidesTheStateWhicheverTopicArrivesFirst() {
        JobView view = new JobView(10);
        view.apply(success("j", T0.plusSeconds(5)));
        view.apply(status("j", JobState.ASSEMBLING, 9, 10, T0.plusSeconds(4)));
        JobSnapshot job = view.get("j").orElseThrow();
        assertEquals(JobState.SUCCEEDED, job.state(), "an older status must not hide the result");
        assertTrue(job.finished());
        assertEquals(10, job.framesDone());
        assertEquals(1.0, job.progress());
        assertEquals("results/j/video.mp4", job.videoKey());
    }

    @Test
    void succeededStatusAloneIsNotFinishedUntilTheResultArrives() {
        JobView view = new JobView(10);
        JobSnapshot job = view.apply(status("j", JobState.SUCCEEDED, 10, 10, T0));
        assertEquals(JobState.SUCCEEDED, job.state());
        assertFalse(job.finished(), "the stream waits for the result with the video key");
        assertNull(job.videoKey());
    }

    @Test
    void failedStatusFinishesTheJob() {
        JobSnapshot job = new JobView(10).apply(status("j", JobState.FAILED, 0, 0, T0));
        assertTrue(job.finished());
        assertFalse(job.succeeded());
    }

    @Test
    void aNewerRunningStatusDropsAnOldResult() {
        JobView view = new JobView(10);
        view.apply(failure("j", T0));
        JobSnapshot rerun = view.apply(status("j", JobState.PROCESSING, 1, 10, T0.plusSeconds(60)));
        assertEquals(JobState.PROCESSING, rerun.state());
        assertFalse(rerun.finished());
        assertNull(rerun.result());
    }

    @Test
    void boundedMapForgetsTheLeastRecentlyUpdatedJob() {
        JobView view = new JobView(2);
        view.apply(status("a", JobState.PROCESSING, 0, 5, T0));
        view.apply(status("b", JobState.PROCESSING, 0, 5, T0.plusSeconds(1)));
        view.apply(status("a", JobState.PROCESSING, 1, 5, T0.plusSeconds(2)));
        view.apply(status("c", JobState.PROCESSING, 0, 5, T0.plusSeconds(3)));
        assertEquals(2, view.size());
        assertTrue(view.get("b").isEmpty(), "b was updated least recently");
        assertEquals(List.of("c", "a"), view.recent(10).stream().map(JobSnapshot::jobId).toList());
        assertEquals(List.of("c"), view.recent(1).stream().map(JobSnapshot::jobId).toList());
    }

    @Test
    void listenersHearChangesOfTheirJobUntilUnsubscribed() {
        JobView view = new JobView(10);
        List<Long> heard = new ArrayList<>();
        JobView.Subscription subscription = view.subscribe("a", s -> heard.add(s.version()));
        JobSnapshot first = view.apply(status("a", JobState.PROCESSING, 1, 5, T0));
        view.apply(status("b", JobState.PROCESSING, 1, 5, T0));
        JobSnapshot second = view.apply(status("a", JobState.PROCESSING, 2, 5, T0));
        subscription.close();
        view.apply(status("a", JobState.PROCESSING, 3, 5, T0));
        assertEquals(List.of(first.version(), second.version()), heard);
        assertTrue(second.version() > first.version());
        assertEquals(0, view.listenerCount());
    }

    @Test
    void submittedJobsAreAcceptedAndTombstonesForgetThem() {
        JobView view = new JobView(10);
        JobSnapshot job = view.submitted("new", T0);
        assertEquals(JobState.ACCEPTED, job.state());
        assertEquals(T0, job.updatedAt());
        view.remove("new");
        assertTrue(view.get("new").isEmpty());
    }

    @Test
    void aSubmissionAcknowledgedAfterTheFirstStatusKeepsThatStatus() {
        JobView view = new JobView(10);
        view.apply(status("fast", JobState.DECODING, 0, 0, T0.plusMillis(5)));
        JobSnapshot job = view.submitted("fast", T0);
        assertEquals(JobState.DECODING, job.state());
        assertEquals(T0, job.submittedAt());
    }

    static JobStatus status(String id, JobState state, int done, int total, Instant at) {
        return JobStatus.newBuilder().setJobId(id).setState(state).setFramesDone(done).setFrameCount(total)
                .setUpdatedAt(at).build();
    }

    static Reenactment success(String id, Instant at) {
        return Reenactment.newBuilder().setJobId(id).setOutcome(ReenactmentOutcome.SUCCEEDED)
                .setVideoKey("results/" + id + "/video.mp4").setFrameCount(10).setFinishedAt(at).build();
    }

    static Reenactment failure(String id, Instant at) {
        return Reenactment.newBuilder().setJobId(id).setOutcome(ReenactmentOutcome.FAILED).setError("bad video")
                .setFinishedAt(at).build();
    }
}
