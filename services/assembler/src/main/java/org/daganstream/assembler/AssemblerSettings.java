package org.daganstream.assembler;

import java.nio.file.Path;

import org.daganstream.assembler.mux.MuxPolicy;
import org.daganstream.assembler.mux.VideoSettings;
import org.daganstream.assembler.tracking.AssemblerTopics;
import org.daganstream.assembler.tracking.TrackerSettings;
import org.daganstream.common.config.DaganConfig;

/**
 * Everything the assembler reads from its configuration (see the module README for every key).
 *
 * @param applicationId Kafka Streams application id ({@code assembler.application.id}, default
 *     {@code dagan-assembler}); also the consumer group and the prefix of internal topics
 * @param partitions partitions of the job repartition topic ({@code assembler.partitions}); 0 = as many as the
 *     largest input topic
 * @param workDir where videos are built before upload ({@code assembler.work.dir})
 * @param stateDir Kafka Streams state directory ({@code assembler.state.dir}); null keeps Kafka's default or
 *     {@code kafka.streams.state.dir}
 * @param ensureTopics create missing topics the assembler uses at start ({@code topics.ensure}, default true)
 */
public record AssemblerSettings(String applicationId, int partitions, Path workDir, Path stateDir,
                                boolean ensureTopics, AssemblerTopics topics, TrackerSettings tracker,
                                MuxPolicy mux, VideoSettings video) {

    public static final String DEFAULT_APPLICATION_ID = "dagan-assembler";

    public static AssemblerSettings fromConfig(DaganConfig config) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        return new AssemblerSettings(
                config.get("assembler.application.id", DEFAULT_APPLICATION_ID),
                config.getInt("assembler.partitions", 0, 0, 10_000),
                Path.of(config.get("assembler.work.dir", tmp.resolve("dagan-assembler-work").toString())),
                config.get("assembler.state.dir").map(Path::of).orElse(null),
                config.getBoolean("topics.ensure", true),
                AssemblerTopics.fromConfig(config),
                TrackerSettings.fromConfig(config),
                MuxPolicy.fromConfig(config),
                VideoSettings.fromConfig(config));
    }
}
