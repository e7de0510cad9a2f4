package org.daganstream.loadtest.metrics;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.daganstream.loadtest.stats.TimeSeries;

/**
 * Memory of this JVM over time: heap used, non-heap used, direct buffers, and the process's resident set (RSS, from
 * {@code /proc/self/status}: it includes native memory such as ONNX Runtime's arenas and FFmpeg's buffers). In
 * embedded runs this JVM is the whole system.
 */
public final class MemorySampler implements Sampling.Probe {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final double MIB = 1024.0 * 1024;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct")).findFirst().orElse(null);
    private final TimeSeries heap = new TimeSeries("JVM heap used", "MiB");
    private final TimeSeries nonHeap = new TimeSeries("JVM non-heap used", "MiB");
    private final TimeSeries directBuffers = new TimeSeries("direct buffers", "MiB");
    private final TimeSeries rss = new TimeSeries("process RSS", "MiB");

    @Override
    public void sample(double seconds) {
        heap.add(seconds, memory.getHeapMemoryUsage().getUsed() / MIB);
        nonHeap.add(seconds, memory.getNonHeapMemoryUsage().getUsed() / MIB);
        if (direct != null) {
            directBuffers.add(seconds, direct.getMemoryUsed() / MIB);
        }
        long resident = statusKib("VmRSS:");
        if (resident >= 0) {
            rss.add(seconds, resident / 1024.0);
        }
    }

    public TimeSeries heap() {
        return heap;
    }

    public TimeSeries rss() {
        return rss;
    }

    public List<TimeSeries> all() {
        return rss.isEmpty() ? List.of(heap, nonHeap, directBuffers) : List.of(rss, heap, nonHeap, directBuffers);
    }

    /** The kernel's high-water mark of the resident set (VmHWM) in MiB, or NaN where unavailable. */
    public static double peakRssMib() {
        long kib = statusKib("VmHWM:");
        return kib < 0 ? Double.NaN : kib / 1024.0;
    }

    /** Largest heap the JVM may use, MiB. */
    public static double maxHeapMib() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MIB;
    }

    private static long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: RSS is simply not reported
        }
        return -1;
    }
}
