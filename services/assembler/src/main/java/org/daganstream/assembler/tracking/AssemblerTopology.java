package org.daganstream.assembler.tracking;

import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.daganstream.assembler.AssemblerMetrics;
import org.daganstream.avro.DeadLetterFrame;
import org.daganstream.avro.JobStatus;

/**
 * The assembler's Kafka Streams topology.
 *
 * <pre>
 * dagan.frames.generated ─┐                                     ┌─► dagan.frames.dlq (bad records)
 * dagan.jobs.manifests ───┼─► Ingress (decode, check, key by ─►─┤
 * dagan.reenactments ─────┘    job id)                          └─► repartition by job id ─► JobTracker ─► dagan.jobs.status
 *                                                                                              └─► MuxHandoff (muxer threads)
 * </pre>
 * All three inputs meet in one repartition topic, so one task owns all state of a job whatever the partition counts
 * of the input topics. The results topic is an input too: a job's state is deleted only once its Reenactment is
 * durably published, which makes "complete but not yet published" survive restarts.
 */
public final class AssemblerTopology {

    /** Name of the repartition topic suffix ({@code dagan-assembler-jobs-repartition}). */
    public static final String REPARTITION_NAME = "jobs";

    private AssemblerTopology() {
    }

    /**
     * @param partitions partitions of the repartition topic; 0 lets Kafka Streams use the largest input topic's count
     */
    public static Topology build(AssemblerTopics topics, TrackerSettings settings, MuxHandoff handoff,
                                 AssemblerMetrics metrics, Serde<JobStatus> statusSerde,
                                 Serde<DeadLetterFrame> deadLetterSerde, int partitions) {
        StreamsBuilder builder = new StreamsBuilder();
        // Cached: a job's state changes with every frame, the changelog only needs the latest per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JobTracker.JOBS_STORE),
                Serdes.String(), new JobProgressSerde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JobTracker.MANIFESTS_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JobTracker.FINISHED_STORE),
                Serdes.String(), Serdes.ByteArray()));

        KStream<String, Object> frames = ingress(builder, topics.generated(), JobEvent.Kind.FRAME, metrics);
        KStream<String, Object> manifests = ingress(builder, topics.manifests(), JobEvent.Kind.MANIFEST, metrics);
        KStream<String, Object> results = ingress(builder, topics.reenactments(), JobEvent.Kind.RESULT, metrics);

        Map<String, KStream<String, Object>> routed = frames.merge(manifests).merge(results)
                .split(Named.as("ingress-"))
                .branch((key, value) -> value instanceof DeadLetterFrame, Branched.as("bad"))
                .defaultBranch(Branched.as("good"));

        routed.get("ingress-bad")
                .mapValues(value -> (DeadLetterFrame) value, Named.as("as-dead-letter"))
                .to(topics.dlq(), Produced.with(Serdes.String(), deadLetterSerde).withName("dead-letters"));

        Repartitioned<String, JobEvent> byJob = Repartitioned.with(Serdes.String(), new JobEventSerde())
                .withName(REPARTITION_NAME);
        if (partitions > 0) {
            byJob = byJob.withNumberOfPartitions(partitions);
        }
        routed.get("ingress-good")
                .mapValues(value -> (JobEvent) value, Named.as("as-job-event"))
                .repartition(byJob)
                .process(() -> new JobTracker(settings, handoff, metrics), Named.as("job-tracker"),
                        JobTracker.JOBS_STORE, JobTracker.MANIFESTS_STORE, JobTracker.FINISHED_STORE)
                .to(topics.status(), Produced.with(Serdes.String(), statusSerde).withName("job-status"));
        return builder.build();
    }

    private static KStream<String, Object> ingress(StreamsBuilder builder, String topic, JobEvent.Kind kind,
                                                   AssemblerMetrics metrics) {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        return builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-" + name))
                .process(() -> new Ingress(kind, metrics), Named.as("ingress-" + name));
    }
}
