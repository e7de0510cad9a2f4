package org.daganstream.loadtest.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples, many times a second, which model stages of this JVM are inside ONNX Runtime at that instant: the
 * stages' inference threads (named {@code <stage>-inference-<n>} by the worker runtime) are checked for an
 * {@code ai.onnxruntime.OrtSession} frame on top of their stack. From the samples: the share of wall time during
 * which no inference ran at all (the pipeline's own overhead and idle time) and each stage's busy share. Only
 * possible in embedded runs, where the stages share this JVM; cheap because only those few threads are inspected.
 */
public final class InferenceSampler implements Sampling.Probe {

    private static final Pattern THREAD_NAME = Pattern.compile("(.+)-inference-\\d+");
    private static final String ORT_SESSION = "ai.onnxruntime.OrtSession";
    private static final int STACK_DEPTH = 6;
    private static final double REFRESH_SECONDS = 1.0;

    /**
     * Sampled shares of a time window.
     *
     * @param samples       samples in the window
     * @param anyInference  share of samples with at least one stage in ONNX Runtime
     * @param stageBusy     per stage: share of samples with that stage in ONNX Runtime (can add up to more than
     *                      {@code anyInference} when stages overlap)
     * @param overlap       share of samples with two or more stages (or instances) in ONNX Runtime at once
     */
    public record Profile(int samples, double anyInference, Map<String, Double> stageBusy, double overlap) {
        public double outsideInference() {
            return samples == 0 ? Double.NaN : 1 - anyInference;
        }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<String> stages = new ArrayList<>();
    private long[] ids = new long[0];
    private int[] stageOfThread = new int[0];
    private double lastRefresh = Double.NEGATIVE_INFINITY;
    private double[] times = new double[4096];
    private int[] masks = new int[4096];
    private int[] counts = new int[4096];
    private int size;

    @Override
    public synchronized void sample(double seconds) {
        if (seconds - lastRefresh >= REFRESH_SECONDS) {
            refreshThreads();
            lastRefresh = seconds;
        }
        int mask = 0;
        int inside = 0;
        if (ids.length > 0) {
            ThreadInfo[] infos = threads.getThreadInfo(ids, STACK_DEPTH);
            for (int i = 0; i < infos.length; i++) {
                if (infos[i] != null && inOnnxRuntime(infos[i].getStackTrace())) {
                    mask |= 1 << stageOfThread[i];
                    inside++;
                }
            }
        }
        append(seconds, mask, inside);
    }

    /** Finds the inference threads by name (thread infos without stacks: cheap even with hundreds of threads). */
    private void refreshThreads() {
        List<Long> found = new ArrayList<>();
        List<Integer> stageIndex = new ArrayList<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info == null) {
                continue;
            }
            Matcher m = THREAD_NAME.matcher(info.getThreadName());
            if (m.matches()) {
                String stage = m.group(1);
                int index = stages.indexOf(stage);
                if (index < 0) {
                    if (stages.size() == 31) {
                        continue; // one bit per stage in the mask
                    }
                    stages.add(stage);
                    index = stages.size() - 1;
                }
                found.add(info.getThreadId());
                stageIndex.add(index);
            }
        }
        ids = found.stream().mapToLong(Long::longValue).toArray();
        stageOfThread = stageIndex.stream().mapToInt(Integer::intValue).toArray();
    }

    static boolean inOnnxRuntime(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (ORT_SESSION.equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }

    private void append(double seconds, int mask, int inside) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            masks = Arrays.copyOf(masks, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        times[size] = seconds;
        masks[size] = mask;
        counts[size] = inside;
        size++;
    }

    /** The shares over samples taken between {@code from} and {@code to} seconds. */
    public synchronized Profile profile(double from, double to) {
        int n = 0;
        int any = 0;
        int overlapping = 0;
        int[] perStage = new int[stages.size()];
        for (int i = 0; i < size; i++) {
            if (times[i] < from || times[i] > to) {
                continue;
            }
            n++;
            if (masks[i] != 0) {
                any++;
            }
            if (counts[i] > 1) {
                overlapping++;
            }
            for (int s = 0; s < perStage.length; s++) {
                if ((masks[i] & (1 << s)) != 0) {
                    perStage[s]++;
                }
            }
        }
        Map<String, Double> busy = new LinkedHashMap<>();
        for (int s = 0; s < perStage.length; s++) {
            busy.put(stages.get(s), n == 0 ? Double.NaN : perStage[s] / (double) n);
        }
        return new Profile(n, n == 0 ? Double.NaN : any / (double) n, busy, n == 0 ? Double.NaN : overlapping / (double) n);
    }

    /** Inference threads seen so far, by stage. */
    public synchronized List<String> stages() {
        return List.copyOf(stages);
    }
}
