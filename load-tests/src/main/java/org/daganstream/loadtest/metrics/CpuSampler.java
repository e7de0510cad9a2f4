package org.daganstream.loadtest.metrics;

import java.lang.management.ManagementFactory;

import org.daganstream.loadtest.stats.TimeSeries;

/** CPU this process used, as cores busy on average since the previous sample (2.0 = both cores of a 2-vCPU box). */
public final class CpuSampler implements Sampling.Probe {

    private final com.sun.management.OperatingSystemMXBean os = ManagementFactory
            .getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
    private final TimeSeries cores = new TimeSeries("process CPU", "cores");
    private long lastCpuNanos = -1;
    private double lastSeconds;

    @Override
    public synchronized void sample(double seconds) {
        long cpu = os.getProcessCpuTime();
        if (cpu < 0) {
            return;
        }
        if (lastCpuNanos >= 0 && seconds > lastSeconds) {
            cores.add(seconds, (cpu - lastCpuNanos) / 1e9 / (seconds - lastSeconds));
        }
        lastCpuNanos = cpu;
        lastSeconds = seconds;
    }

    public TimeSeries cores() {
        return cores;
    }

    /** Process CPU time so far, seconds (NaN where the JVM cannot tell). */
    public double cpuSeconds() {
        long cpu = os.getProcessCpuTime();
        return cpu < 0 ? Double.NaN : cpu / 1e9;
    }

    public static int availableProcessors() {
        return Runtime.getRuntime().availableProcessors();
    }
}
