package org.daganstream.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.daganstream.common.tensor.Tensor;

/**
 * Checks inputs against a graph's declared signature and copies them into direct buffers that ONNX Runtime reads in
 * place. That copy is the only one on the way in: a heap array would be copied into native memory by the runtime
 * anyway, and a batch is assembled sample by sample straight into its buffer.
 */
final class InputPacker {
    /**
     * Inputs ready for the runtime: one direct buffer per input name, all with the same batch size.
     * {@code samplesWithBatchAxis} tells {@link #packSamples} callers which form their samples used.
     */
    record Packed(int batch, Map<String, FloatBuffer> buffers, Map<String, long[]> shapes,
                  boolean samplesWithBatchAxis) {
    }

    private final GraphSpec spec;

    InputPacker(GraphSpec spec) {
        this.spec = spec;
    }

    /** Packs tensors that already carry the batch axis (any N >= 1, the same for every input). */
    Packed packBatch(Map<String, Tensor> inputs) {
        checkNames(inputs, "");
        int batch = -1;
        String batchFrom = null;
        for (TensorSpec input : spec.inputs()) {
            Tensor tensor = inputs.get(input.name());
            long[] shape = tensor.longShape();
            if (!input.accepts(shape)) {
                throw new InferenceException(spec.file() + " input " + input.name() + " expects "
                        + input.describeShape() + ", got " + TensorSpec.formatShape(shape));
            }
            if (batch < 0) {
                batch = tensor.dim(0);
                batchFrom = input.name();
            } else if (tensor.dim(0) != batch) {
                throw new InferenceException(spec.file() + " inputs disagree on the batch size: " + batchFrom
                        + " has " + batch + ", " + input.name() + " has " + tensor.dim(0));
            }
        }
        if (batch == 0) {
            throw new InferenceException(spec.file() + " inputs have an empty batch (N=0)");
        }
        Map<String, FloatBuffer> buffers = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (TensorSpec input : spec.inputs()) {
            Tensor tensor = inputs.get(input.name());
            buffers.put(input.name(), directCopy(List.of(tensor), tensor.size()));
            shapes.put(input.name(), tensor.longShape());
        }
        return new Packed(batch, buffers, shapes, true);
    }

    /**
     * Packs single samples into one batch. Each tensor is one sample, either without the batch axis (as frame blobs
     * are stored, e.g. {@code [3,256,256]}) or with a batch axis of 1; every tensor of the call must use the same form.
     *
     * @return the packed batch, noting which form the samples used
     */
    Packed packSamples(List<Map<String, Tensor>> samples) {
        if (samples.isEmpty()) {
            throw new InferenceException(spec.file() + " was given an empty list of samples");
        }
        boolean withBatchAxis = samplesHaveBatchAxis(samples);
        for (int i = 0; i < samples.size(); i++) {
            Map<String, Tensor> sample = samples.get(i);
            checkNames(sample, " (sample " + i + ")");
            for (TensorSpec input : spec.inputs()) {
                long[] shape = sample.get(input.name()).longShape();
                long[] expected = sampleShape(input, withBatchAxis);
                if (!Arrays.equals(shape, expected)) {
                    throw new InferenceException(spec.file() + " input " + input.name() + " of sample " + i
                            + " expects " + TensorSpec.formatShape(expected) + " (one sample" + (withBatchAxis
                            ? ", batch axis 1" : ", no batch axis") + "), got " + TensorSpec.formatShape(shape));
                }
            }
        }
        int batch = samples.size();
        Map<String, FloatBuffer> buffers = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (TensorSpec input : spec.inputs()) {
            List<Tensor> parts = new ArrayList<>(batch);
            samples.forEach(sample -> parts.add(sample.get(input.name())));
            long elements = input.sampleElements() * batch;
            buffers.put(input.name(), directCopy(parts, Math.toIntExact(elements)));
            long[] shape = input.shape();
            shape[0] = batch;
            shapes.put(input.name(), shape);
        }
        return new Packed(batch, buffers, shapes, withBatchAxis);
    }

    /**
     * True when the samples carry a batch axis of 1, false when they carry none. Decided on the first tensor of the
     * first sample; {@link #packSamples} then holds every other tensor to the same form.
     */
    private boolean samplesHaveBatchAxis(List<Map<String, Tensor>> samples) {
        checkNames(samples.get(0), " (sample 0)");
        TensorSpec first = spec.inputs().get(0);
        return samples.get(0).get(first.name()).rank() == first.rank();
    }

    private static long[] sampleShape(TensorSpec input, boolean withBatchAxis) {
        long[] declared = input.shape();
        if (withBatchAxis) {
            declared[0] = 1;
            return declared;
        }
        return Arrays.copyOfRange(declared, 1, declared.length);
    }

    private void checkNames(Map<String, Tensor> given, String where) {
        Set<String> expected = new TreeSet<>(spec.inputNames());
        for (Map.Entry<String, Tensor> entry : given.entrySet()) {
            if (!expected.contains(entry.getKey())) {
                throw new InferenceException(spec.file() + " has no input named " + entry.getKey() + where
                        + "; its inputs are " + spec.inputNames());
            }
            if (entry.getValue() == null) {
                throw new InferenceException(spec.file() + " input " + entry.getKey() + where + " is null");
            }
        }
        for (String name : spec.inputNames()) {
            if (!given.containsKey(name)) {
                throw new InferenceException(spec.file() + " input " + name + " is missing" + where
                        + "; its inputs are " + spec.inputNames());
            }
        }
    }

    private static FloatBuffer directCopy(List<Tensor> parts, int elements) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(Math.multiplyExact(elements, Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (Tensor part : parts) {
            buffer.put(part.data());
        }
        return buffer.rewind();
    }
}
