package org.daganstream.loadtest.load;

import java.nio.file.Path;
import java.util.List;

import org.daganstream.loadtest.clip.ClipSpec;
import org.daganstream.loadtest.metrics.InferenceSampler;
import org.daganstream.loadtest.metrics.StageMetrics;
import org.daganstream.loadtest.stats.TimeSeries;

/**
 * Everything one load run measured. Times in seconds are since {@code startEpochMillis}.
 *
 * @param title             what the run was (report heading)
 * @param target            the system's description
 * @param inProcess         the system ran in this JVM
 * @param plan              the load
 * @param clip              each job's input
 * @param startEpochMillis  when sampling started
 * @param jobs              one record per submitted job, in submission order
 * @param completedInTime   every job ended before the run's time limit
 * @param stages            per model stage, from the workers' metrics
 * @param muxSeconds        the assembler's mux time during the run (summed)
 * @param muxCount          muxes during the run
 * @param scrapeErrors      endpoints that could not be scraped, with the reason
 * @param lag               consumer lag per group
 * @param memory            memory series (embedded: this JVM, which is the whole system)
 * @param cpu               process CPU in cores (embedded only; empty otherwise)
 * @param peakRssMib        the kernel's RSS high-water mark of this JVM over its whole life (NaN when unknown)
 * @param maxHeapMib        largest heap the JVM may use
 * @param cpuSeconds        process CPU time spent during the measured window (NaN when unknown)
 * @param inference         sampled inference shares over the measured window (null when not in process)
 * @param startupMillis     time to start the system (0 when it was already running)
 * @param recording         JFR recording written for the run, or null
 */
public record RunResult(String title, String target, boolean inProcess, LoadPlan plan, ClipSpec clip,
                        long startEpochMillis, List<JobRecord> jobs, boolean completedInTime,
                        List<StageMetrics> stages, double muxSeconds, double muxCount, List<String> scrapeErrors,
                        List<TimeSeries> lag, List<TimeSeries> memory, TimeSeries cpu, double peakRssMib,
                        double maxHeapMib, double cpuSeconds, InferenceSampler.Profile inference, long startupMillis,
                        Path recording) {

    /** Seconds (since the start) of the first submission; NaN without one. */
    public double windowStart() {
        return jobs.stream().filter(j -> j.submittedAt() >= 0).mapToLong(JobRecord::submittedAt).min()
                .stream().mapToDouble(this::seconds).findFirst().orElse(Double.NaN);
    }

    /** Seconds (since the start) of the last result; NaN without one. */
    public double windowEnd() {
        return jobs.stream().filter(j -> j.finishedAt() >= 0).mapToLong(JobRecord::finishedAt).max()
                .stream().mapToDouble(this::seconds).findFirst().orElse(Double.NaN);
    }

    /** First submission to last result. */
    public double wallSeconds() {
        return windowEnd() - windowStart();
    }

    public double seconds(long epochMillis) {
        return (epochMillis - startEpochMillis) / 1000.0;
    }

    public List<JobRecord> succeeded() {
        return jobs.stream().filter(JobRecord::succeeded).toList();
    }

    /** Frames of succeeded jobs. */
    public long framesDone() {
        return succeeded().stream().mapToLong(JobRecord::framesGenerated).sum();
    }

    /** Highest RSS sampled during this run, MiB (NaN when not sampled); unlike VmHWM it ignores earlier runs. */
    public double peakSampledRssMib() {
        return memory.stream().filter(s -> s.name().equals("process RSS")).mapToDouble(TimeSeries::max)
                .findFirst().orElse(Double.NaN);
    }

    /** Frames of succeeded jobs per second of wall time (first submission to last result). */
    public double framesPerSecond() {
        double wall = wallSeconds();
        return wall > 0 ? framesDone() / wall : Double.NaN;
    }
}
