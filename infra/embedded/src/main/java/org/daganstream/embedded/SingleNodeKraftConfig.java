package org.daganstream.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Broker settings for a combined broker + controller KRaft node that is the whole cluster.
 *
 * <p>Every internal topic (consumer offsets, transaction state, share-group state) is created with
 * replication factor 1 and min ISR 1, otherwise transactions and consumer groups would wait
 * forever for replicas that do not exist. Partition counts of the internal topics are lowered
 * from 50 so the first consumer group and the first transaction do not create 50 partitions.
 */
final class SingleNodeKraftConfig {

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String HOST = "127.0.0.1";

    private SingleNodeKraftConfig() {
    }

    static Properties build(Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        settings.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        settings.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("inter.broker.listener.name", BROKER_LISTENER);
        settings.put("log.dirs", logDir.toString());
        settings.put("metadata.log.dir", logDir.toString());

        // A single replica of everything.
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "4");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "4");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("share.coordinator.state.topic.num.partitions", "1");

        // Fast hand-over: no wait for more group members, quick unfencing after start.
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("broker.heartbeat.interval.ms", "500");
        settings.put("log.initial.task.delay.ms", "0");

        // Small footprint: the default log-cleaner buffer is 128 MiB of heap per broker.
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "4");

        settings.putAll(overrides);
        Properties props = new Properties();
        props.putAll(settings);
        return props;
    }
}
