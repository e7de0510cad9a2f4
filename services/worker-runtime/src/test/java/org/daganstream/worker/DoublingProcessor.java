package org.daganstream.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.tensor.Tensor;

/**
 * A stand-in model for testing the stage loop without ONNX Runtime: reads the frame tensor (shape [4]), doubles it,
 * writes it as the depth blob. Tests can slow it down and make chosen frames fail transiently.
 */
final class DoublingProcessor implements StageProcessor<Tensor, Tensor> {

    static final int[] SHAPE = {4};

    private final BlobStore blobs;
    volatile long sleepMillisPerBatch;
    final Map<String, AtomicInteger> transientFailures = new ConcurrentHashMap<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger loads = new AtomicInteger();
    /** When set, batches after the first {@code openBatches} wait for it to open. */
    volatile CountDownLatch gate;
    volatile int openBatches;

    DoublingProcessor(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public Tensor load(FrameDescriptor frame) {
        loads.incrementAndGet();
        AtomicInteger left = transientFailures.get(frame.getBlobs().getFrame());
        if (left != null && left.getAndDecrement() > 0) {
            throw new UncheckedIOException(new IOException("simulated storage hiccup reading " + frame.getBlobs().getFrame()));
        }
        return TensorBlobs.read(blobs, frame.getBlobs().getFrame(), SHAPE, "frame", "the doubling model");
    }

    @Override
    public List<Tensor> infer(List<Tensor> inputs) {
        batchSizes.add(inputs.size());
        CountDownLatch g = gate;
        if (g != null && batchSizes.size() > openBatches) {
            try {
                g.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sleepMillisPerBatch > 0) {
            try {
                Thread.sleep(sleepMillisPerBatch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : inputs) {
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] *= 2;
            }
            out.add(Tensor.of(d, t.shape()));
        }
        return out;
    }

    @Override
    public FrameDescriptor store(FrameDescriptor frame, Tensor output) {
        String key = frame.getRole() == FrameRole.SOURCE
                ? org.daganstream.common.blob.BlobKeys.sourceDepth(frame.getJobId())
                : org.daganstream.common.blob.BlobKeys.depth(frame.getJobId(), frame.getFrameIndex());
        blobs.putTensor(key, output);
        return FrameDescriptor.newBuilder(frame)
                .setBlobs(BlobKeys.newBuilder(frame.getBlobs()).setDepth(key).build())
                .build();
    }
}
