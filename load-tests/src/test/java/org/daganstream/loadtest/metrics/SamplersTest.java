package org.daganstream.loadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.daganstream.inference.GraphRole;
import org.daganstream.inference.GraphSession;
import org.daganstream.inference.InferenceOptions;
import org.daganstream.inference.ModelBundle;
import org.daganstream.inference.OrtRuntime;
import org.junit.jupiter.api.BeforeAll;

import org.junit.jupiter.api.Test;

class SamplersTest {

    @BeforeAll
    static void onnxRuntime() {
        OrtRuntime.environment();
    }

    @Test
    void inferenceSamplerSeesOnlyThreadsInsideOnnxRuntime() throws Exception {
        InferenceSampler sampler = new InferenceSampler();
        CountDownLatch stop = new CountDownLatch(1);
        // A thread named like a stage's inference thread, parked outside ONNX Runtime: never counted as busy.
        Thread idle = new Thread(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "depth-inference-0");
        idle.start();
        try {
            for (int i = 0; i < 5; i++) {
                sampler.sample(i * 0.01);
            }
        } finally {
            stop.countDown();
            idle.join();
        }
        InferenceSampler.Profile p = sampler.profile(0, 1);
        assertEquals(5, p.samples());
        assertEquals(0.0, p.anyInference());
        assertEquals(1.0, p.outsideInference());
        assertTrue(sampler.stages().contains("depth"));
        assertEquals(0.0, p.stageBusy().get("depth"));
    }

    @Test
    void inferenceSamplerSeesARealOnnxRuntimeSessionRunning() throws Exception {
        Path tiny = Path.of(System.getProperty("dagan.fixtures"), "tiny");
        InferenceSampler sampler = new InferenceSampler();
        AtomicBoolean running = new AtomicBoolean(true);
        try (GraphSession depth = ModelBundle.open(tiny).openSession(GraphRole.DEPTH, InferenceOptions.defaults())) {
            Thread worker = new Thread(() -> {
                while (running.get()) {
                    depth.warmUp(); // one real run of depth.onnx
                }
            }, "probe-inference-0");
            worker.start();
            try {
                Thread.sleep(300); // first runs include lazy initialisation
                long t0 = System.nanoTime();
                while (System.nanoTime() - t0 < 1_500_000_000L) {
                    sampler.sample((System.nanoTime() - t0) / 1e9);
                    Thread.sleep(5);
                }
            } finally {
                running.set(false);
                worker.join();
            }
        }
        InferenceSampler.Profile p = sampler.profile(0, 10);
        assertTrue(p.samples() > 50, "samples: " + p.samples());
        assertTrue(p.stageBusy().get("probe") > 0.3, "a thread looping on a session is mostly inside it: " + p);
        assertEquals(p.anyInference(), p.stageBusy().get("probe"), 1e-12);
        assertEquals(0.0, p.overlap());
    }

    @Test
    void recognisesAnOnnxRuntimeFrame() {
        StackTraceElement ort = new StackTraceElement("ai.onnxruntime.OrtSession", "run", null, -2);
        StackTraceElement other = new StackTraceElement("java.lang.Object", "wait", null, -2);
        assertTrue(InferenceSampler.inOnnxRuntime(new StackTraceElement[] {ort, other}));
        assertFalse(InferenceSampler.inOnnxRuntime(new StackTraceElement[] {other}));
    }

    @Test
    void memoryAndCpuSamplersRecordThisProcess() throws Exception {
        RunClock clock = RunClock.start();
        MemorySampler memory = new MemorySampler();
        CpuSampler cpu = new CpuSampler();
        try (Sampling sampling = new Sampling(clock)) {
            sampling.every(Duration.ofMillis(50), "memory", false, memory).every(Duration.ofMillis(50), "cpu", false, cpu);
            long until = System.nanoTime() + 300_000_000L;
            double x = 0;
            while (System.nanoTime() < until) {
                x += Math.sqrt(x + 1); // keep a core busy so the CPU sampler has something to see
            }
            assertTrue(x > 0);
        }
        assertTrue(memory.heap().points().size() >= 3, "heap samples: " + memory.heap().points().size());
        assertTrue(memory.heap().max() > 1, "heap in MiB: " + memory.heap().max());
        if (!memory.rss().isEmpty()) {
            assertTrue(memory.rss().max() > memory.heap().max() / 4, "RSS should be of the order of the heap");
        }
        assertFalse(cpu.cores().isEmpty());
        assertTrue(cpu.cores().max() > 0.2, "a busy loop should show: " + cpu.cores().max());
    }
}
