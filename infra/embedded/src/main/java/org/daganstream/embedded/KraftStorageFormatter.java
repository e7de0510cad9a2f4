package org.daganstream.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory the way {@code kafka-storage.sh format} does, using Kafka's own
 * {@link Formatter}: a new cluster id, the latest production metadata version and feature
 * levels. A directory that is already formatted is left as it is, so a user-given data folder
 * can be reused across runs.
 */
final class KraftStorageFormatter {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorageFormatter.class);
    static final String META_PROPERTIES = "meta.properties";

    private KraftStorageFormatter() {
    }

    static boolean isFormatted(Path logDir) {
        return Files.exists(logDir.resolve(META_PROPERTIES));
    }

    static void formatIfNeeded(Path logDir, int nodeId, String controllerListener) {
        if (isFormatted(logDir)) {
            LOG.debug("Kafka log directory {} is already formatted", logDir);
            return;
        }
        ByteArrayOutputStream toolOutput = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(toolOutput, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(nodeId)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(controllerListener)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka log directory " + logDir + ": " + e.getMessage()
                    + " " + toolOutput.toString(StandardCharsets.UTF_8).strip(), e);
        }
        LOG.debug("Formatted Kafka log directory {}: {}", logDir, toolOutput.toString(StandardCharsets.UTF_8).strip());
    }
}
