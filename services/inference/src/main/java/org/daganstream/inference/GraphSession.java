package org.daganstream.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.daganstream.common.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One graph of a bundle loaded into an ONNX Runtime session (all sessions share the process-wide
 * {@link OrtEnvironment} from {@link OrtRuntime}). At load the graph's declared inputs and outputs are checked against the manifest; at run
 * every input is checked by name and shape before it reaches the runtime, so a wrong tensor fails with a message
 * naming the graph file, the input, the expected and the actual shape. Every native tensor and result is closed
 * before a call returns. {@link #run} and {@link #runBatch} may be called from several threads at once.
 */
public final class GraphSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphSession.class);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final GraphSpec spec;
    private final ProviderSelection provider;
    private final InputPacker packer;

    private GraphSession(OrtEnvironment environment, OrtSession session, GraphSpec spec, ProviderSelection provider) {
        this.environment = environment;
        this.session = session;
        this.spec = spec;
        this.provider = provider;
        this.packer = new InputPacker(spec);
    }

    /** Loads {@code file} (already verified against {@code spec} by {@link ModelBundle#open}). */
    static GraphSession open(Path file, GraphSpec spec, InferenceOptions options) {
        return open(file, spec, options, ExecutionProviders::warnOnce);
    }

    /** As {@link #open(Path, GraphSpec, InferenceOptions)}, reporting a provider fallback to {@code warnings}. */
    static GraphSession open(Path file, GraphSpec spec, InferenceOptions options, Consumer<String> warnings) {
        OrtEnvironment environment = OrtRuntime.environment();
        String loggerId = "dagan-" + spec.role().key();
        OrtSession session;
        ProviderSelection selection;
        try (SessionOptions sessionOptions = SessionSettings.build(options, loggerId)) {
            selection = ExecutionProviders.configure(sessionOptions, options, warnings);
            try {
                session = environment.createSession(file.toString(), sessionOptions);
            } catch (OrtException e) {
                if (selection.active() == ExecutionProvider.CPU) {
                    throw e;
                }
                // The provider library loaded but could not start (no visible device, driver too old...).
                selection = new ProviderSelection(options.provider(), ExecutionProvider.CPU,
                        "creating the session on " + selection.active() + " failed (" + e.getMessage() + ")");
                warnings.accept(ExecutionProviders.fallbackMessage(selection, options.deviceId()));
                try (SessionOptions cpuOnly = SessionSettings.build(options, loggerId)) {
                    session = environment.createSession(file.toString(), cpuOnly);
                }
            }
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
        try {
            GraphSignature.verify(session, spec);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new InferenceException("cannot read the signature of " + file + ": " + e.getMessage(), e);
        }
        LOG.info("loaded {} on {} ({})", spec.file(), selection.active(), options.describe());
        return new GraphSession(environment, session, spec, selection);
    }

    /** The manifest entry of this graph. */
    public GraphSpec spec() {
        return spec;
    }

    public GraphRole role() {
        return spec.role();
    }

    /** The provider asked for and the one in use (they differ after a fallback to CPU). */
    public ProviderSelection provider() {
        return provider;
    }

    /**
     * Runs the graph on tensors that carry the batch axis, e.g. {@code image [N,3,256,256]}. Every declared input
     * must be present with the declared shape and the same N.
     *
     * @return every declared output by name, batch axis included
     * @throws InferenceException naming the graph file and the offending input, or wrapping a runtime error
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        InputPacker.Packed packed = packer.packBatch(inputs);
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        execute(packed).forEach((name, output) -> outputs.put(name, Tensor.of(output.data, output.shape)));
        return outputs;
    }

    /**
     * Runs N single samples as one batch: concatenates each input along axis 0, runs once, splits every output back.
     * A sample's tensors come either without the batch axis (as blobs store them, {@code [3,256,256]}) or with a
     * batch axis of 1; outputs are returned in the same form.
     *
     * @return one output map per sample, in sample order
     */
    public List<Map<String, Tensor>> runBatch(List<Map<String, Tensor>> samples) {
        InputPacker.Packed packed = packer.packSamples(samples);
        Map<String, Output> outputs = execute(packed);
        List<Map<String, Tensor>> results = new ArrayList<>(packed.batch());
        for (int i = 0; i < packed.batch(); i++) {
            Map<String, Tensor> sample = new LinkedHashMap<>();
            for (Map.Entry<String, Output> entry : outputs.entrySet()) {
                sample.put(entry.getKey(), entry.getValue().sample(i, packed.samplesWithBatchAxis()));
            }
            results.add(sample);
        }
        return results;
    }

    /** Runs one batch of neutral inputs so the first real frame does not pay for lazy initialisation. */
    public void warmUp() {
        long started = System.nanoTime();
        run(WarmUpInputs.forGraph(spec));
        LOG.info("warmed up {} in {} ms", spec.file(), (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    @Override
    public String toString() {
        return "GraphSession[" + spec.file() + " on " + provider.active() + "]";
    }

    /** A whole-batch output: data as the runtime returned it, with its shape. */
    private record Output(float[] data, long[] shape) {
        Tensor sample(int index, boolean withBatchAxis) {
            int per = data.length / (int) shape[0];
            float[] part = Arrays.copyOfRange(data, index * per, (index + 1) * per);
            long[] partShape = withBatchAxis ? shape.clone() : Arrays.copyOfRange(shape, 1, shape.length);
            if (withBatchAxis) {
                partShape[0] = 1;
            }
            return Tensor.of(part, partShape);
        }
    }

    private Map<String, Output> execute(InputPacker.Packed packed) {
        try (NativeTensors tensors = new NativeTensors()) {
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            for (Map.Entry<String, FloatBuffer> input : packed.buffers().entrySet()) {
                feed.put(input.getKey(), tensors.add(OnnxTensor.createTensor(environment, input.getValue(),
                        packed.shapes().get(input.getKey()))));
            }
            try (OrtSession.Result result = session.run(feed)) {
                Map<String, Output> outputs = new LinkedHashMap<>();
                for (TensorSpec declared : spec.outputs()) {
                    outputs.put(declared.name(), read(result, declared, packed.batch()));
                }
                return outputs;
            }
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime failed running " + spec.file() + " on a batch of "
                    + packed.batch() + ": " + e.getMessage(), e);
        }
    }

    private Output read(OrtSession.Result result, TensorSpec declared, int batch) throws OrtException {
        OnnxValue value = result.get(declared.name()).orElseThrow(() -> new InferenceException(
                spec.file() + " produced no output " + declared.name()));
        if (!(value instanceof OnnxTensor tensor)) {
            throw new InferenceException(spec.file() + " output " + declared.name() + " is not a tensor");
        }
        long[] shape = tensor.getInfo().getShape();
        long[] expected = declared.shape();
        expected[0] = batch;
        if (!Arrays.equals(shape, expected)) {
            throw new InferenceException(spec.file() + " output " + declared.name() + " came out "
                    + TensorSpec.formatShape(shape) + ", the manifest declares " + TensorSpec.formatShape(expected));
        }
        return new Output(floats(tensor.getFloatBuffer()), shape);
    }

    /** The runtime hands outputs back as a fresh heap buffer; take its array rather than copying it again. */
    private static float[] floats(FloatBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.array().length == buffer.remaining()) {
            return buffer.array();
        }
        float[] copy = new float[buffer.remaining()];
        buffer.get(copy);
        return copy;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
        }
    }

    /** Closes every native input tensor of a run, however the run ends. */
    private static final class NativeTensors implements AutoCloseable {
        private final List<OnnxTensor> open = new ArrayList<>();

        OnnxTensor add(OnnxTensor tensor) {
            open.add(tensor);
            return tensor;
        }

        @Override
        public void close() {
            open.forEach(OnnxTensor::close);
        }
    }
}
