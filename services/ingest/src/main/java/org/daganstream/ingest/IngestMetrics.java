package org.daganstream.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The service's meters (Prometheus names in brackets): jobs accepted / ingested / failed by reason category
 * ({@code dagan_ingest_jobs_*_total}), frames decoded ({@code dagan_ingest_frames_decoded_total}), per-frame decode
 * + resize time and per-job video decode time ({@code dagan_ingest_frame_decode_seconds},
 * {@code dagan_ingest_video_decode_seconds}), jobs in hand ({@code dagan_ingest_jobs_in_flight}).
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter ingested;
    private final Counter frames;
    private final Timer frameDecode;
    private final Timer videoDecode;
    private final AtomicInteger inFlight = new AtomicInteger();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("dagan.ingest.jobs.accepted")
                .description("Jobs that passed validation and started decoding").register(registry);
        this.ingested = Counter.builder("dagan.ingest.jobs.ingested")
                .description("Jobs whose frames were all decoded and published").register(registry);
        this.frames = Counter.builder("dagan.ingest.frames.decoded")
                .description("Driving frames decoded, resized and written").register(registry);
        this.frameDecode = Timer.builder("dagan.ingest.frame.decode")
                .description("Time to decode, resize and encode one driving frame (upload excluded)")
                .publishPercentileHistogram().register(registry);
        this.videoDecode = Timer.builder("dagan.ingest.video.decode")
                .description("Time to decode a whole driving video including frame uploads").register(registry);
        Gauge.builder("dagan.ingest.jobs.in.flight", inFlight, AtomicInteger::get)
                .description("Jobs being decoded now").register(registry);
    }

    public void jobAccepted() {
        accepted.increment();
    }

    public void jobIngested() {
        ingested.increment();
    }

    /** @param category short reason category, e.g. "corrupt-video" (bounded set, safe as a tag) */
    public void jobFailed(String category) {
        Counter.builder("dagan.ingest.jobs.failed").description("Jobs ended FAILED by ingest, by reason category")
                .tag("reason", category).register(registry).increment();
    }

    public void frameDecoded(long nanos) {
        frames.increment();
        frameDecode.record(Duration.ofNanos(nanos));
    }

    public void videoDecoded(Duration took) {
        videoDecode.record(took);
    }

    public void jobStarted() {
        inFlight.incrementAndGet();
    }

    public void jobFinished() {
        inFlight.decrementAndGet();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
