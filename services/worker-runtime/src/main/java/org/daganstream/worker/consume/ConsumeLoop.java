package org.daganstream.worker.consume;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.kafka.RecordDecoder;
import org.daganstream.worker.WorkerMetrics;
import org.daganstream.worker.batch.FrameQueue;
import org.daganstream.worker.batch.InFlight;
import org.daganstream.worker.batch.WorkItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume thread: the only thread touching the Kafka consumer. It polls the stage's input topic, decodes each
 * record and admits it into the {@link FrameQueue} while fewer than {@code capacity} frames are in hand; beyond
 * that it keeps the rest of the poll aside and pauses every assigned partition (backpressure instead of a growing
 * queue), resuming once the frames in hand drop to {@code resumeAt}. It commits the contiguous prefix of finished
 * offsets every {@code commitInterval}.
 *
 * <p>On a rebalance it drops the revoked partitions' frames that have not started, waits up to
 * {@code revokeTimeout} for the running ones, commits what finished and forgets the partitions (late completions
 * under the old lease are ignored). On stop it stops polling, lets the inference threads finish the frames in hand
 * (up to {@code shutdownTimeout}), commits, and closes the consumer.
 */
public final class ConsumeLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeLoop.class);
    private static final Duration LAG_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SETTLE_STEP = Duration.ofMillis(50);

    /** How the loop behaves; see {@code WorkerSettings} for the configuration keys. */
    public record Settings(String stage, String topic, int capacity, int resumeAt, Duration pollTimeout,
                           Duration commitInterval, Duration revokeTimeout, Duration shutdownTimeout) {
    }

    private final Consumer<String, byte[]> consumer;
    private final Settings settings;
    private final FrameQueue queue;
    private final InFlight inFlight;
    private final OffsetTracker offsets;
    private final RecordDecoder<FrameDescriptor> decoder;
    private final WorkerMetrics metrics;
    private final ArrayDeque<ConsumerRecord<String, byte[]>> held = new ArrayDeque<>();
    private final Thread thread;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private volatile boolean stopping;
    private volatile boolean polling;
    private volatile long lastIterationNanos = System.nanoTime();
    private volatile Throwable failure;
    private volatile int assignedCount;
    private boolean paused;
    private long lastCommitNanos;
    private long lastLagNanos;

    public ConsumeLoop(Consumer<String, byte[]> consumer, Settings settings, FrameQueue queue, InFlight inFlight,
                       RecordDecoder<FrameDescriptor> decoder, WorkerMetrics metrics) {
        this.consumer = consumer;
        this.settings = settings;
        this.queue = queue;
        this.inFlight = inFlight;
        this.offsets = inFlight.offsets();
        this.decoder = decoder;
        this.metrics = metrics;
        this.thread = new Thread(this::run, settings.stage() + "-consume");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Asks the loop to stop polling and wind down; returns at once. */
    public void requestStop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Waits for the loop to finish its shutdown. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /** True once the loop has completed a poll (with or without partitions) and until it stops. */
    public boolean isPolling() {
        return polling && thread.isAlive() && !stopping;
    }

    /** False when the thread died or has not come round for {@code stuckAfter}. */
    public boolean isAlive(Duration stuckAfter) {
        return failure == null && (stopping || thread.isAlive())
                && System.nanoTime() - lastIterationNanos < stuckAfter.toNanos();
    }

    /** Completes when the loop has stopped and closed the consumer; exceptionally when it failed. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** The error that ended the loop, if any. */
    public Throwable failure() {
        return failure;
    }

    public int assignedPartitions() {
        return assignedCount;
    }

    // ---- the loop ----------------------------------------------------------------------------------------------

    private void run() {
        try {
            consumer.subscribe(List.of(settings.topic()), new Rebalance());
            while (!stopping) {
                lastIterationNanos = System.nanoTime();
                admitHeld();
                updatePause();
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(settings.pollTimeout());
                } catch (WakeupException e) {
                    continue; // stop requested
                }
                polling = true;
                assignedCount = consumer.assignment().size();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!held.isEmpty() || inFlight.count() >= settings.capacity()) {
                        held.addLast(record);
                    } else {
                        admit(record);
                    }
                }
                commit(false);
                updateLag();
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("{}: consume loop failed; stopping", settings.stage(), t);
        } finally {
            polling = false;
            try {
                windDown();
            } finally {
                if (failure == null) {
                    stopped.complete(null);
                } else {
                    stopped.completeExceptionally(failure);
                }
            }
        }
    }

    private void admitHeld() {
        while (!held.isEmpty() && inFlight.count() < settings.capacity()) {
            admit(held.pollFirst());
        }
    }

    private void admit(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        PartitionLease lease = offsets.lease(tp).orElse(null);
        if (lease == null) {
            LOG.warn("{}: ignoring a record of partition {} which this consumer does not own", settings.stage(), tp);
            return;
        }
        offsets.track(lease, record.offset());
        WorkItem item = new WorkItem(record, lease, decoder.decode(record), System.nanoTime());
        inFlight.admitted(item);
        if (!queue.add(item)) {
            inFlight.dropped(item);
        }
    }

    private void updatePause() {
        boolean full = !held.isEmpty() || inFlight.count() >= settings.capacity();
        if (full && !paused) {
            consumer.pause(consumer.assignment());
            paused = true;
            metrics.paused(true);
            LOG.debug("{}: paused consumption, {} frames in hand", settings.stage(), inFlight.count());
        } else if (paused && held.isEmpty() && inFlight.count() <= settings.resumeAt()) {
            consumer.resume(consumer.paused());
            paused = false;
            metrics.paused(false);
            LOG.debug("{}: resumed consumption, {} frames in hand", settings.stage(), inFlight.count());
        }
    }

    private void commit(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCommitNanos < settings.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = now;
        commitNow(offsets.committable());
    }

    private void commitNow(Map<TopicPartition, OffsetAndMetadata> positions) {
        if (positions.isEmpty()) {
            return;
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                consumer.commitSync(positions);
                offsets.committed(positions);
                LOG.debug("{}: committed {}", settings.stage(), positions);
                return;
            } catch (WakeupException e) {
                // A stop request raced with the commit; the wake-up is consumed, so commit once more.
            } catch (CommitFailedException | RebalanceInProgressException e) {
                LOG.info("{}: commit skipped during a rebalance ({}); the rebalance commits what finished",
                        settings.stage(), e.getMessage());
                return;
            } catch (KafkaException e) {
                LOG.warn("{}: commit of {} failed, will retry: {}", settings.stage(), positions, e.toString());
                return;
            }
        }
    }

    private void updateLag() {
        long now = System.nanoTime();
        if (now - lastLagNanos < LAG_INTERVAL.toNanos()) {
            return;
        }
        lastLagNanos = now;
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        metrics.lag(lag + held.size());
    }

    /** Stop: finish the frames in hand, commit them, close the consumer. */
    private void windDown() {
        held.clear(); // never admitted, so never tracked: the next owner reads them again
        queue.close();
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        try {
            while (inFlight.count() > 0 && System.nanoTime() < deadline) {
                // Frames waiting for a retry would outlast the shutdown: leave them to the next owner.
                inFlight.all().stream().filter(i -> i.state() == WorkItem.State.RETRY_WAIT).forEach(inFlight::dropped);
                inFlight.awaitSettled(null, SETTLE_STEP);
                commit(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.removeIf(i -> true).forEach(inFlight::dropped);
        if (inFlight.count() > 0) {
            LOG.warn("{}: {} frame(s) still running after {} ms; they will be processed again by the next owner",
                    settings.stage(), inFlight.count(), settings.shutdownTimeout().toMillis());
        }
        try {
            commitNow(offsets.committable());
        } catch (RuntimeException e) {
            LOG.warn("{}: final commit failed: {}", settings.stage(), e.toString());
        }
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warn("{}: closing the consumer failed: {}", settings.stage(), e.toString());
        }
        LOG.info("{}: consume loop stopped", settings.stage());
    }

    /** Runs on the consume thread, inside poll (or close). */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(offsets::assign);
            if (paused && !partitions.isEmpty()) {
                consumer.pause(partitions);
            }
            LOG.info("{}: assigned {}", settings.stage(), partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            metrics.rebalance();
            Set<TopicPartition> revoked = new HashSet<>(partitions);
            forgetUnstarted(revoked);
            long deadline = System.nanoTime() + settings.revokeTimeout().toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    dropWaiting(revoked);
                    if (inFlight.awaitSettled(revoked, SETTLE_STEP)) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int running = inFlight.items(revoked).size();
            if (running > 0) {
                LOG.warn("{}: {} frame(s) of revoked partitions still running after {} ms; their offsets are left"
                        + " to the next owner", settings.stage(), running, settings.revokeTimeout().toMillis());
            }
            commitNow(offsets.committable(revoked));
            offsets.release(revoked);
            LOG.info("{}: revoked {}", settings.stage(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            metrics.rebalance();
            Set<TopicPartition> lost = new HashSet<>(partitions);
            forgetUnstarted(lost);
            dropWaiting(lost);
            offsets.release(lost);
            LOG.warn("{}: lost {} without a chance to commit", settings.stage(), partitions);
        }

        private void forgetUnstarted(Set<TopicPartition> partitions) {
            held.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            queue.removeIf(i -> partitions.contains(i.partition())).forEach(inFlight::dropped);
        }

        private void dropWaiting(Set<TopicPartition> partitions) {
            inFlight.items(partitions).stream().filter(i -> i.state() == WorkItem.State.RETRY_WAIT)
                    .forEach(inFlight::dropped);
        }
    }
}
