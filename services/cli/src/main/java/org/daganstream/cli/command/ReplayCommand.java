package org.daganstream.cli.command;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.JobStatus;
import org.daganstream.cli.CliFailure;
import org.daganstream.cli.ExitCode;
import org.daganstream.cli.Failures;
import org.daganstream.cli.job.JobIds;
import org.daganstream.cli.options.ConfigOption;
import org.daganstream.cli.options.VerboseOption;
import org.daganstream.cli.pipeline.Stage;
import org.daganstream.cli.replay.DeadLetter;
import org.daganstream.cli.replay.ReplayCommandSupport;
import org.daganstream.cli.replay.ReplayMarkers;
import org.daganstream.cli.replay.ReplayPlan;
import org.daganstream.cli.replay.ReplayTargets;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.common.kafka.KafkaClients;
import org.daganstream.schema.WireCodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dagan replay}: re-publishes dead-lettered frames to their stage's input topic. */
@Command(name = "replay",
        header = "Re-publish dead-lettered frames to their stage.",
        sortOptions = false,
        description = {"Re-publish frames that a stage gave up on (dagan.frames.dlq) to that stage's input topic,"
                + " with attempt + 1, and list what was done. Fix the cause first (e.g. restore a missing object);"
                + " the job then completes.",
            "Idempotent: each replayed dead letter gets a marker object (jobs/JOB/replays/...), and a later run"
                + " skips it; a frame that fails again gets a new dead letter, which the next run replays. Only the"
                + " newest dead letter of a frame counts; frames of jobs that already succeeded or failed are"
                + " skipped."})
public final class ReplayCommand implements Callable<Integer> {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--job", paramLabel = "ID", description = "Only this job's dead letters.")
    String jobId;

    @Option(names = "--stage", paramLabel = "STAGE",
            description = "Only dead letters of this stage (depth, keypoint, motion, generator, assembler).")
    String stage;

    @Option(names = "--dry-run", description = "List what would be replayed; publish nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Replay dead letters that an earlier run already replayed.")
    boolean force;

    @Mixin
    ConfigOption config;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (jobId != null) {
            JobIds.requireValid(jobId);
        }
        String stageFilter = stage == null ? null : stageName(stage);
        DaganConfig cfg = config.load(Map.of());
        PrintWriter out = spec.commandLine().getOut();

        ReplayCommandSupport.DeadLetters read = ReplayCommandSupport.readDeadLetters(cfg);
        ReplayPlan.Filter filter = new ReplayPlan.Filter(jobId, stageFilter);
        Set<String> jobs = read.all().stream().filter(d -> d.jobId() != null)
                .map(DeadLetter::jobId).filter(j -> jobId == null || j.equals(jobId)).collect(Collectors.toSet());
        Map<String, JobStatus> statuses = ReplayCommandSupport.latestStatuses(cfg, jobs);

        try (BlobStore blobs = BlobStore.fromConfig(cfg)) {
            ReplayMarkers markers = new ReplayMarkers(blobs);
            ReplayPlan.Facts facts = new ReplayPlan.Facts() {
                @Override
                public Optional<JobStatus> status(String job) {
                    return Optional.ofNullable(statuses.get(job));
                }

                @Override
                public boolean replayedBefore(DeadLetter d) {
                    return markers.exists(d);
                }
            };
            List<ReplayPlan.Decision> plan = ReplayPlan.plan(read.all(), filter, new ReplayTargets(cfg), facts, force);
            if (plan.isEmpty()) {
                out.println("no dead letters" + (jobId != null ? " of job " + jobId : "")
                        + (stageFilter != null ? " at stage " + stageFilter : "") + " in the dead-letter topic ("
                        + read.all().size() + " in total)");
            }
            int replayed = dryRun ? 0 : publish(cfg, plan, markers, out);
            report(plan, read.undecodable(), replayed, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    private int publish(DaganConfig cfg, List<ReplayPlan.Decision> plan, ReplayMarkers markers, PrintWriter out) {
        List<ReplayPlan.Decision> toReplay = plan.stream().filter(d -> d.action() == ReplayPlan.Action.REPLAY).toList();
        if (toReplay.isEmpty()) {
            return 0;
        }
        int done = 0;
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(cfg, "dagan-cli-replay")) {
            for (ReplayPlan.Decision d : toReplay) {
                FrameDescriptor replay = d.replay();
                String key = Objects.requireNonNullElse(d.deadLetter().record().getRecordKey(),
                        FrameKeys.frame(replay.getJobId(), replay.getFrameIndex()));
                try {
                    producer.send(new ProducerRecord<>(d.topic(), key, WireCodecs.FRAME_DESCRIPTOR.encode(replay)))
                            .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CliFailure.infra("interrupted after replaying " + done + " frame(s)", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw CliFailure.infra("replaying " + d.deadLetter().frameLabel() + " to " + d.topic() + " failed"
                            + " after " + done + " frame(s) were replayed: " + Failures.message(
                                    e instanceof ExecutionException ? e.getCause() : e), e);
                }
                // Marked only once the broker has the record: a crash in between replays it again next time,
                // which every stage tolerates (deterministic blob keys, frames counted once).
                markers.mark(d.deadLetter(), d.topic(), replay.getAttempt(), Clock.systemUTC().instant());
                done++;
            }
        }
        return done;
    }

    private void report(List<ReplayPlan.Decision> plan, int undecodable, int replayed, PrintWriter out) {
        int toReplay = 0;
        for (ReplayPlan.Decision d : plan) {
            DeadLetter dl = d.deadLetter();
            if (d.action() == ReplayPlan.Action.REPLAY) {
                toReplay++;
                out.printf(Locale.ROOT, "%-8s %-28s %-10s -> %s as attempt %d (was: %s)%n",
                        dryRun ? "would" : "replayed", dl.frameLabel(), dl.record().getStage(), d.topic(),
                        d.replay().getAttempt(), d.reason());
            } else {
                out.printf(Locale.ROOT, "%-8s %-28s %-10s %s%n", "skipped", dl.frameLabel(), dl.record().getStage(),
                        d.reason());
            }
        }
        if (undecodable > 0) {
            out.println(undecodable + " record(s) on the dead-letter topic could not be decoded and were ignored");
        }
        long skipped = plan.size() - toReplay;
        out.println(dryRun ? "dry run: would replay " + toReplay + " frame(s), skip " + skipped
                : "replayed " + replayed + " frame(s), skipped " + skipped);
    }

    private static String stageName(String given) {
        try {
            return Stage.parse(given).id();
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--stage: " + e.getMessage());
        }
    }
}
