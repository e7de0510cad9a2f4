package org.daganstream.motion;

import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.kafka.AvroSerde;
import org.daganstream.common.kafka.RecordDecoder;

/**
 * The motion stage as a Kafka Streams topology:
 *
 * <pre>
 * frames.keypoints (key jobId/frameIndex, raw bytes)
 *   -&gt; motion-decode: decode + stateless checks ---------------------------------&gt; frames.dlq
 *   -&gt; repartition by jobId (internal topic {application.id}-motion-by-job-repartition)
 *   -&gt; motion-normalise: per-job state (stores motion-jobs, motion-buffer, motion-completed) -&gt; frames.dlq
 *   -&gt; frames.motion (key jobId/frameIndex again, so the generator spreads over partitions)
 * </pre>
 *
 * Every node and store is named explicitly so internal topic names stay stable across releases.
 */
public final class MotionTopology {

    /** jobId -&gt; {@link JobMotionState}. */
    public static final String JOBS_STORE = "motion-jobs";
    /** jobId/frameIndex (zero-padded) -&gt; a driving frame waiting for its job's source or anchor. */
    public static final String BUFFER_STORE = "motion-buffer";
    /** jobId -&gt; {@link CompletedJob}; absorbs late duplicates of a finished run until the TTL. */
    public static final String COMPLETED_STORE = "motion-completed";
    /** Name of the by-job repartition step (the internal topic is {@code <application.id>-motion-by-job-repartition}). */
    public static final String REPARTITION = "motion-by-job";

    private MotionTopology() {
    }

    public static Topology build(MotionConfig config, MotionMetrics metrics) {
        // Built with the application's own settings, so topology-level configs come from the same place.
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streams())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS_STORE),
                Serdes.String(), new JobMotionStateSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUFFER_STORE),
                Serdes.String(), new SourcedFrameSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COMPLETED_STORE),
                Serdes.String(), new CompletedJobSerde()));

        RecordDecoder<FrameDescriptor> decoder = RecordDecoder.forType(FrameDescriptor.class)
                .withMetrics(metrics.registry());
        FrameValidator validator = new FrameValidator(config.expectedNumKp());
        Produced<String, DeadLetterFrame> toDeadLetters =
                Produced.with(Serdes.String(), AvroSerde.forType(DeadLetterFrame.class));

        Map<String, KStream<String, Routed<SourcedFrame>>> decoded = builder
                .stream(config.inputTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("motion-keypoints-in"))
                .process(() -> new FrameDecodeProcessor(decoder, validator, config.inputTopic(), metrics),
                        Named.as("motion-decode"))
                .split(Named.as("motion-decoded-"))
                .branch((key, routed) -> routed.isDeadLetter(), Branched.as("rejected"))
                .defaultBranch(Branched.as("valid"));
        decoded.get("motion-decoded-rejected")
                .mapValues(Routed::deadLetter, Named.as("motion-decode-dead-letters"))
                .to(config.deadLetterTopic(), toDeadLetters.withName("motion-decode-dlq-out"));

        Map<String, KStream<String, Routed<FrameDescriptor>>> normalised = decoded.get("motion-decoded-valid")
                .mapValues(Routed::value, Named.as("motion-decoded-frames"))
                .repartition(Repartitioned.<String, SourcedFrame>as(REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new SourcedFrameSerde()))
                .process(() -> new MotionProcessor(config.stateTtl(), config.ttlCheckInterval(), config.inputTopic(),
                        metrics), Named.as("motion-normalise"), JOBS_STORE, BUFFER_STORE, COMPLETED_STORE)
                .split(Named.as("motion-normalised-"))
                .branch((key, routed) -> routed.isDeadLetter(), Branched.as("rejected"))
                .defaultBranch(Branched.as("emitted"));
        normalised.get("motion-normalised-rejected")
                .mapValues(Routed::deadLetter, Named.as("motion-normalise-dead-letters"))
                .to(config.deadLetterTopic(), toDeadLetters.withName("motion-normalise-dlq-out"));
        normalised.get("motion-normalised-emitted")
                .mapValues(Routed::value, Named.as("motion-emitted-frames"))
                .to(config.outputTopic(), Produced.with(Serdes.String(), AvroSerde.forType(FrameDescriptor.class))
                        .withName("motion-frames-out"));
        return builder.build();
    }
}
