package org.daganstream.gateway.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.daganstream.avro.JobStatus;
import org.daganstream.avro.Reenactment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's bounded, in-memory picture of jobs, fed by the status and results topics and by the gateway's own
 * submissions. When full it forgets the job updated least recently. Listeners of a job hear every change of it;
 * they are called on the thread that made the change (the consumer thread), outside the lock, so they must only
 * hand the snapshot on (e.g. to a Vert.x context). Thread-safe.
 */
public final class JobView {

    private static final Logger LOG = LoggerFactory.getLogger(JobView.class);
    private static final Comparator<JobSnapshot> NEWEST_FIRST = Comparator
            .comparing(JobSnapshot::updatedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(JobSnapshot::jobId);

    private final int capacity;
    /** Insertion order = order of last change, so the eldest entry is the least recently updated job. */
    private final LinkedHashMap<String, JobSnapshot> jobs = new LinkedHashMap<>();
    private final Map<String, List<Consumer<JobSnapshot>>> listeners = new ConcurrentHashMap<>();
    private long version;

    public JobView(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("job view capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public JobSnapshot apply(JobStatus status) {
        return update(status.getJobId(), s -> s.withStatus(status, s.version()));
    }

    public JobSnapshot apply(Reenactment result) {
        return update(result.getJobId(), s -> s.withResult(result, s.version()));
    }

    /**
     * Records a job this gateway just published. A stage may already have reported on it (its status can overtake
     * the broker's acknowledgement), so what is known is kept and only the submission time is added.
     */
    public JobSnapshot submitted(String jobId, Instant at) {
        return update(jobId, s -> new JobSnapshot(jobId, s.version(), s.status(), s.result(), at));
    }

    /** Forgets a job (a tombstone on the compacted status topic). */
    public synchronized void remove(String jobId) {
        jobs.remove(jobId);
    }

    public synchronized Optional<JobSnapshot> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** Up to {@code limit} jobs, most recently updated first. */
    public List<JobSnapshot> recent(int limit) {
        List<JobSnapshot> all;
        synchronized (this) {
            all = new ArrayList<>(jobs.values());
        }
        all.sort(NEWEST_FIRST);
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    public synchronized int size() {
        return jobs.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Calls {@code listener} with every later change of {@code jobId}, until the subscription is closed. */
    public Subscription subscribe(String jobId, Consumer<JobSnapshot> listener) {
        listeners.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(jobId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Number of active listeners, over all jobs. */
    public int listenerCount() {
        return listeners.values().stream().mapToInt(List::size).sum();
    }

    /** Ends a {@link #subscribe} registration; closing twice is harmless. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private JobSnapshot update(String jobId, UnaryOperator<JobSnapshot> change) {
        JobSnapshot updated;
        synchronized (this) {
            JobSnapshot current = jobs.get(jobId);
            long next = ++version;
            JobSnapshot base = current == null ? JobSnapshot.empty(jobId, next) : current;
            updated = change.apply(new JobSnapshot(jobId, next, base.status(), base.result(), base.submittedAt()));
            put(updated);
        }
        notifyListeners(updated);
        return updated;
    }

    private void put(JobSnapshot snapshot) {
        jobs.remove(snapshot.jobId());
        jobs.put(snapshot.jobId(), snapshot);
        Iterator<String> eldest = jobs.keySet().iterator();
        while (jobs.size() > capacity && eldest.hasNext()) {
            String forgotten = eldest.next();
            eldest.remove();
            LOG.debug("job view full ({} jobs): forgetting job {}", capacity, forgotten);
        }
    }

    private void notifyListeners(JobSnapshot snapshot) {
        List<Consumer<JobSnapshot>> subscribed = listeners.get(snapshot.jobId());
        if (subscribed == null) {
            return;
        }
        for (Consumer<JobSnapshot> listener : subscribed) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.warn("listener of job {} failed: {}", snapshot.jobId(), e.toString());
            }
        }
    }
}
