package org.daganstream.worker.consume;

import org.apache.kafka.common.TopicPartition;

/**
 * One ownership period of a partition. A partition revoked and assigned again gets a new generation, so work that
 * was still running under the old lease can never complete (and commit) offsets of the new one.
 *
 * @param partition  the topic partition
 * @param generation increases every time this consumer is assigned the partition
 */
public record PartitionLease(TopicPartition partition, long generation) {

    @Override
    public String toString() {
        return partition + "#" + generation;
    }
}
