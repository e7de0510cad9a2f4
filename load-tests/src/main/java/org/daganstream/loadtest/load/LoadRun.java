package org.daganstream.loadtest.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.daganstream.avro.OutputFormat;
import org.daganstream.cli.job.InputFile;
import org.daganstream.cli.job.JobSubmitter;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.loadtest.clip.Clip;
import org.daganstream.loadtest.metrics.CpuSampler;
import org.daganstream.loadtest.metrics.GroupsSettled;
import org.daganstream.loadtest.metrics.InferenceSampler;
import org.daganstream.loadtest.metrics.LagSampler;
import org.daganstream.loadtest.metrics.MemorySampler;
import org.daganstream.loadtest.metrics.MetricsEndpoint;
import org.daganstream.loadtest.metrics.MetricsScraper;
import org.daganstream.loadtest.metrics.RunClock;
import org.daganstream.loadtest.metrics.Sampling;
import org.daganstream.loadtest.metrics.StageMetrics;
import org.daganstream.loadtest.target.PipelineTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load run against a {@link PipelineTarget}: waits for the system to be ready, starts the samplers (lag,
 * memory, CPU, inference threads) and the job tracker, submits the plan's jobs at its rate on a separate thread,
 * waits until every job ended or the time limit passed, and collects everything into a {@link RunResult}.
 */
public final class LoadRun {

    private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_CONSECUTIVE_SUBMIT_FAILURES = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /**
     * How to observe a run.
     *
     * @param sampleInterval memory and lag sampling period
     * @param recording      where to write a JFR recording of the run (null: none)
     */
    public record Observation(Duration sampleInterval, Path recording) {
        public static final Observation DEFAULT = new Observation(Duration.ofMillis(500), null);

        public Observation {
            if (sampleInterval.toMillis() < 50 || sampleInterval.toMinutes() > 1) {
                throw new IllegalArgumentException("sample interval must be within 50ms..1m, got " + sampleInterval);
            }
        }
    }

    private LoadRun() {
    }

    public static RunResult execute(String title, PipelineTarget target, LoadPlan plan, Clip clip,
                                    Observation observation, long startupMillis) throws InterruptedException {
        InputFile source = InputFile.check("source image", clip.sourceImage());
        InputFile driving = InputFile.check("driving video", clip.drivingVideo());
        MetricsScraper scraper = new MetricsScraper(target.metricsEndpoints());
        try (Admin admin = KafkaClients.admin(target.config(), "dagan-load-admin");
             BlobStore blobs = BlobStore.fromConfig(target.config());
             JobSubmitter submitter = JobSubmitter.create(target.config(), blobs)) {
            awaitReady(scraper, admin, target);
            RunClock clock = RunClock.start();
            MemorySampler memory = new MemorySampler();
            CpuSampler cpu = new CpuSampler();
            InferenceSampler inference = target.inProcess() ? new InferenceSampler() : null;
            LagSampler lag = new LagSampler(admin, target.groupPrefix());
            MetricsScraper.Snapshot before = scraper.snapshot();
            String prefix = jobIdPrefix();
            List<String> jobIds = new ArrayList<>();
            for (int i = 0; i < plan.jobs(); i++) {
                jobIds.add(String.format("%s%04d", prefix, i));
            }
            Sampling sampling = new Sampling(clock);
            Recording recording = startRecording(observation.recording());
            double cpuAtStart;
            boolean inTime;
            List<JobRecord> records;
            MetricsScraper.Snapshot after;
            Path recorded;
            try (JobTracker tracker = JobTracker.start(target.config(), prefix)) {
                sampling.every(observation.sampleInterval(), "memory", false, memory)
                        .every(observation.sampleInterval(), "consumer lag", false, lag);
                if (target.inProcess()) {
                    sampling.every(Duration.ofSeconds(1), "cpu", false, cpu)
                            .every(Duration.ofMillis(10), "inference threads", true, inference);
                }
                cpuAtStart = cpu.cpuSeconds();
                long deadline = System.nanoTime() + plan.maxDuration().toNanos();
                LOG.info("{}: submitting {} job(s) of {} frames{}", title, plan.jobs(), clip.spec().frames(),
                        plan.ratePerSecond() == 0 ? " at once" : " at " + plan.ratePerSecond() + "/s");
                inTime = submitAndWait(plan, clip, source, driving, submitter, tracker, jobIds, target.bundleId(),
                        clock, deadline);
                after = scraper.snapshot();
                records = tracker.records(jobIds);
            } finally {
                sampling.close();
                recorded = stopRecording(recording, observation.recording());
            }
            double cpuUsed = cpu.cpuSeconds() - cpuAtStart;
            List<String> errors = new ArrayList<>();
            for (Map.Entry<MetricsEndpoint, String> e : after.errors().entrySet()) {
                errors.add(e.getKey().name() + " (" + e.getKey().uri() + "): " + e.getValue());
            }
            InferenceSampler.Profile profile = inference == null ? null : inference.profile(
                    clock.secondsAt(firstSubmission(records)), clock.secondsAt(lastResult(records)));
            RunResult result = new RunResult(title, target.describe(), target.inProcess(), plan, clip.spec(),
                    clock.startEpochMillis(), records, inTime, StageMetrics.between(before, after),
                    StageMetrics.counterDelta(before, after, "dagan_assembler_mux_time_seconds_sum"),
                    StageMetrics.counterDelta(before, after, "dagan_assembler_mux_time_seconds_count"), errors,
                    lag.series(), memory.all(), cpu.cores(), MemorySampler.peakRssMib(), MemorySampler.maxHeapMib(),
                    target.inProcess() ? cpuUsed : Double.NaN, profile, startupMillis, recorded);
            LOG.info("{}: {}/{} job(s) succeeded, {} frames in {} s", title, result.succeeded().size(), plan.jobs(),
                    result.framesDone(), String.format("%.1f", result.wallSeconds()));
            return result;
        }
    }

    private static long firstSubmission(List<JobRecord> records) {
        return records.stream().filter(j -> j.submittedAt() >= 0).mapToLong(JobRecord::submittedAt).min()
                .orElse(Long.MIN_VALUE / 2);
    }

    private static long lastResult(List<JobRecord> records) {
        return records.stream().mapToLong(JobRecord::finishedAt).filter(t -> t >= 0).max()
                .orElse(System.currentTimeMillis());
    }

    /** Health endpoints ready and consumer groups settled, so the measurement starts on a quiet system. */
    private static void awaitReady(MetricsScraper scraper, Admin admin, PipelineTarget target)
            throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (MetricsEndpoint e : scraper.endpoints()) {
            while (!scraper.ready(e)) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("{} is not ready after {} s; measuring anyway", e.uri().resolve("/health/ready"),
                            READY_TIMEOUT.toSeconds());
                    break;
                }
                Thread.sleep(200);
            }
        }
        if (target.expectedGroupMembers() > 0) {
            GroupsSettled.await(admin, target.groupPrefix(), target.expectedGroupMembers(), Duration.ofSeconds(60));
        }
    }

    private static boolean submitAndWait(LoadPlan plan, Clip clip, InputFile source, InputFile driving,
                                         JobSubmitter submitter, JobTracker tracker, List<String> jobIds,
                                         String bundleId, RunClock clock, long deadline) throws InterruptedException {
        ExecutorService submitting = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dagan-load-submit");
            t.setDaemon(true);
            return t;
        });
        try {
            double t0 = clock.seconds();
            Future<?> done = submitting.submit(() -> {
                int failuresInRow = 0;
                for (int i = 0; i < jobIds.size(); i++) {
                    String jobId = jobIds.get(i);
                    if (failuresInRow >= MAX_CONSECUTIVE_SUBMIT_FAILURES) {
                        tracker.submitFailed(jobId, System.currentTimeMillis(), "not submitted: the previous "
                                + MAX_CONSECUTIVE_SUBMIT_FAILURES + " submissions failed");
                        continue;
                    }
                    double wait = t0 + plan.dueSeconds(i) - clock.seconds();
                    if (wait > 0) {
                        Thread.sleep((long) (wait * 1000));
                    }
                    long started = System.nanoTime();
                    try {
                        JobSubmitter.Submitted s = submitter.submit(jobId, source, driving,
                                plan.motion().toJobOptions(OutputFormat.MP4), bundleId);
                        tracker.submitted(jobId, s.submittedAt().toEpochMilli(),
                                (System.nanoTime() - started) / 1_000_000, clip.spec().frames());
                        failuresInRow = 0;
                    } catch (RuntimeException e) {
                        failuresInRow++;
                        LOG.warn("submitting {} failed: {}", jobId, e.getMessage());
                        tracker.submitFailed(jobId, System.currentTimeMillis(), e.getMessage());
                    }
                }
                return null;
            });
            try {
                done.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                done.cancel(true);
                LOG.warn("the time limit passed while jobs were still being submitted");
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("submitting jobs failed: " + e.getCause(), e.getCause());
            }
            boolean all = tracker.awaitTerminal(jobIds, deadline);
            if (!all) {
                LOG.warn("the time limit passed with {} of {} job(s) ended", tracker.terminalCount(), jobIds.size());
            }
            return all;
        } finally {
            submitting.shutdownNow();
        }
    }

    /** {@code load-20250101-120000-1a2b-}: sortable, unique per run, a valid job id prefix. */
    static String jobIdPrefix() {
        byte[] tail = new byte[2];
        new SecureRandom().nextBytes(tail);
        return "load-" + STAMP.format(java.time.Instant.now()) + "-" + HexFormat.of().formatHex(tail) + "-";
    }

    private static Recording startRecording(Path file) {
        if (file == null) {
            return null;
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("dagan-load");
            recording.start();
            return recording;
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.warn("could not start a JFR recording: {}", e.toString());
            return null;
        }
    }

    private static Path stopRecording(Recording recording, Path file) {
        if (recording == null) {
            return null;
        }
        try (recording) {
            recording.stop();
            Files.createDirectories(file.toAbsolutePath().getParent());
            recording.dump(file);
            return file;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the JFR recording {}: {}", file, e.toString());
            return null;
        }
    }
}
