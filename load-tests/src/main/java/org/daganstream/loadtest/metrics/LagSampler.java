package org.daganstream.loadtest.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.daganstream.loadtest.stats.TimeSeries;

/**
 * Consumer lag of every pipeline consumer group over time, with an AdminClient: per group, the sum over its
 * committed partitions of (last stable offset - committed offset). Read-committed end offsets, because the stages
 * write transactionally and a commit marker is not a record anyone has to consume.
 */
public final class LagSampler implements Sampling.Probe {

    private static final long TIMEOUT_SECONDS = 10;
    private static final double GROUP_REFRESH_SECONDS = 5;

    private final Admin admin;
    private final String groupPrefix;
    private final Map<String, TimeSeries> lagByGroup = new LinkedHashMap<>();
    private List<String> groups = List.of();
    private double lastRefresh = Double.NEGATIVE_INFINITY;

    /** @param groupPrefix only groups whose id starts with this (e.g. {@code dagan-}); empty for all */
    public LagSampler(Admin admin, String groupPrefix) {
        this.admin = admin;
        this.groupPrefix = groupPrefix;
    }

    @Override
    public synchronized void sample(double seconds) throws Exception {
        if (seconds - lastRefresh >= GROUP_REFRESH_SECONDS) {
            groups = admin.listGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId).filter(g -> g.startsWith(groupPrefix)).sorted().toList();
            lastRefresh = seconds;
        }
        Map<String, Map<TopicPartition, Long>> committed = new LinkedHashMap<>();
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, Long> offsets = committedOffsets(group);
            if (offsets != null) {
                committed.put(group, offsets);
                offsets.keySet().forEach(tp -> wanted.put(tp, OffsetSpec.latest()));
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                .listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        committed.forEach((group, offsets) -> {
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
                ListOffsetsResult.ListOffsetsResultInfo end = ends.get(e.getKey());
                if (end != null) {
                    lag += Math.max(0, end.offset() - e.getValue());
                }
            }
            lagByGroup.computeIfAbsent(group, g -> new TimeSeries(g, "records")).add(seconds, lag);
        });
    }

    /** The group's committed offsets, or null when the group is of a kind whose offsets cannot be listed so. */
    private Map<TopicPartition, Long> committedOffsets(String group) throws InterruptedException, TimeoutException {
        try {
            Map<TopicPartition, OffsetAndMetadata> raw = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            raw.forEach((tp, om) -> {
                if (om != null) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        } catch (ExecutionException e) {
            return null;
        }
    }

    /** One series per group, in group id order. */
    public synchronized List<TimeSeries> series() {
        return new ArrayList<>(lagByGroup.values());
    }
}
