package org.daganstream.worker.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.daganstream.avro.BlobKeys;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.kafka.FrameKeys;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.inference.GraphRole;
import org.daganstream.inference.GraphSession;
import org.daganstream.worker.InvalidFrameException;
import org.daganstream.worker.StageContext;
import org.daganstream.worker.StageProcessor;

/**
 * Generates each driving frame. The source-only part of the network ({@code source_encoder.onnx}, about a third of
 * the work) runs once per job and worker, its outputs kept in a bounded per-job cache ({@code generator.cache.max.jobs},
 * least recently used evicted; rebuilt from the source blobs after a restart or an eviction). Per frame only
 * {@code generator.onnx} runs, on the cached tensors, the source keypoints and the normalised driving keypoints the
 * motion stage put in the descriptor. The prediction (3xSxS in [0,1]) goes to {@code jobs/{jobId}/generated/{index}}.
 */
final class GeneratorProcessor implements StageProcessor<GeneratorProcessor.Input, Tensor> {

    /** Most jobs whose source tensors are kept. */
    static final String CACHE_MAX_JOBS = "generator.cache.max.jobs";
    static final int DEFAULT_CACHE_MAX_JOBS = 16;

    static final String ENCODINGS_METRIC = "dagan.generator.source.encodings";
    static final String HITS_METRIC = "dagan.generator.source.cache.hits";
    static final String EVICTIONS_METRIC = "dagan.generator.source.cache.evictions";
    static final String SIZE_METRIC = "dagan.generator.source.cache.jobs";
    static final String ENCODE_TIME_METRIC = "dagan.generator.source.encode";

    /** One frame's generator inputs. */
    record Input(SourceTensors source, KeypointTensors.Pair kpSource, KeypointTensors.Pair kpDriving) {
    }

    private final BlobStore blobs;
    private final GraphSession encoderSession;
    private final GraphSession generator;
    private final SourceCache<SourceTensors> sources;
    private final int numKp;

    GeneratorProcessor(StageContext context) {
        this.blobs = context.blobs();
        this.numKp = context.bundle().manifest().numKp();
        int maxJobs = context.config().getInt(CACHE_MAX_JOBS, DEFAULT_CACHE_MAX_JOBS, 1, 100_000);
        GraphSession encoder = context.bundle().openSession(GraphRole.SOURCE_ENCODER, context.inference());
        try {
            this.generator = context.bundle().openSession(GraphRole.GENERATOR, context.inference());
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        this.encoderSession = encoder;
        SourceEncoder sourceEncoder = new SourceEncoder(blobs, encoder);
        Timer encodeTime = Timer.builder(ENCODE_TIME_METRIC)
                .description("Reading a job's source blobs and running the source encoder on them")
                .tag("stage", context.stage()).register(context.registry());
        this.sources = new SourceCache<>(maxJobs, job -> encodeTime.record(() -> sourceEncoder.encode(job)));
        bindMetrics(context.registry(), context.stage());
    }

    /** For tests: the processor's cache. */
    SourceCache<SourceTensors> sources() {
        return sources;
    }

    private void bindMetrics(MeterRegistry registry, String stage) {
        FunctionCounter.builder(ENCODINGS_METRIC, sources, SourceCache::computations)
                .description("Source encoder runs (once per job and worker unless evicted)").tag("stage", stage)
                .register(registry);
        FunctionCounter.builder(HITS_METRIC, sources, SourceCache::hits)
                .description("Frames that found their job's source tensors cached or being computed")
                .tag("stage", stage).register(registry);
        FunctionCounter.builder(EVICTIONS_METRIC, sources, SourceCache::evictions)
                .description("Jobs dropped from the source cache to make room").tag("stage", stage).register(registry);
        Gauge.builder(SIZE_METRIC, sources, SourceCache::size)
                .description("Jobs whose source tensors are cached").tag("stage", stage).register(registry);
    }

    @Override
    public Input load(FrameDescriptor frame) {
        String name = FrameKeys.frame(frame.getJobId(), frame.getFrameIndex());
        if (frame.getRole() != FrameRole.DRIVING) {
            throw new InvalidFrameException("frame " + name + " is the " + frame.getRole()
                    + " image; the generator only renders driving frames");
        }
        KeypointTensors.Pair kpSource = KeypointTensors.of(frame.getSourceKeypoints(), numKp, "sourceKeypoints", name);
        KeypointTensors.Pair kpDriving = KeypointTensors.of(frame.getDrivingKeypoints(), numKp, "drivingKeypoints", name);
        return new Input(sources.get(frame.getJobId()), kpSource, kpDriving);
    }

    @Override
    public List<Tensor> infer(List<Input> frames) {
        List<Map<String, Tensor>> samples = new ArrayList<>(frames.size());
        for (Input f : frames) {
            samples.add(Map.of(
                    "source_feature", f.source().feature(),
                    "attention_query", f.source().query(),
                    "source_image", f.source().image(),
                    "kp_source_value", f.kpSource().value(),
                    "kp_source_jacobian", f.kpSource().jacobian(),
                    "kp_driving_value", f.kpDriving().value(),
                    "kp_driving_jacobian", f.kpDriving().jacobian()));
        }
        List<Tensor> predictions = new ArrayList<>(frames.size());
        generator.runBatch(samples).forEach(out -> predictions.add(out.get("prediction")));
        return predictions;
    }

    @Override
    public FrameDescriptor store(FrameDescriptor frame, Tensor prediction) {
        String key = org.daganstream.common.blob.BlobKeys.generated(frame.getJobId(), frame.getFrameIndex());
        blobs.putTensor(key, prediction);
        return FrameDescriptor.newBuilder(frame)
                .setBlobs(BlobKeys.newBuilder(frame.getBlobs()).setGenerated(key).build())
                .build();
    }

    @Override
    public void warmUp() {
        encoderSession.warmUp();
        generator.warmUp();
    }

    @Override
    public void close() {
        sources.clear();
        generator.close();
        encoderSession.close();
    }
}
