package org.daganstream.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker and an S3 server in this JVM, started together, with the project's topics and
 * bucket created: everything a pipeline needs to run on one machine.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.builder()
 *         .topic("dagan.frames.decoded", 4)
 *         .compactedTopic("dagan.jobs.status", 1)
 *         .start()) {
 *     Map<String, String> config = stack.clientProperties(); // kafka.bootstrap.servers, s3.*
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {

    /** Keys of the project's configuration scheme returned by {@link #clientProperties()}. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_ACCESS_KEY = "s3.access.key";
    public static final String S3_SECRET_KEY = "s3.secret.key";
    public static final String S3_BUCKET = "s3.bucket";
    public static final String S3_REGION = "s3.region";
    public static final String DEFAULT_BUCKET = "dagan";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final DataDirectory dataDir;
    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final String bucket;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedStack(DataDirectory dataDir, EmbeddedKafka kafka, EmbeddedS3 s3, String bucket,
                          Duration startupTime) {
        this.dataDir = dataDir;
        this.kafka = kafka;
        this.s3 = s3;
        this.bucket = bucket;
        this.startupTime = startupTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    public String s3AccessKey() {
        return s3.accessKey();
    }

    public String s3SecretKey() {
        return s3.secretKey();
    }

    public String s3Region() {
        return s3.region();
    }

    /** The main bucket (the {@code s3.bucket} setting). */
    public String bucket() {
        return bucket;
    }

    /** The folder holding the broker's logs ({@code kafka/}) and the objects ({@code s3/}). */
    public Path dataDir() {
        return dataDir.path();
    }

    /** How long {@link Builder#start()} took, topics and buckets included. */
    public Duration startupTime() {
        return startupTime;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    public void createTopic(String name, int partitions) {
        kafka.createTopic(name, partitions);
    }

    public void createCompactedTopic(String name, int partitions) {
        kafka.createCompactedTopic(name, partitions);
    }

    /**
     * Connection settings in the project's configuration scheme, ready to hand to a service:
     * {@code kafka.bootstrap.servers}, {@code s3.endpoint}, {@code s3.access.key},
     * {@code s3.secret.key}, {@code s3.bucket}, {@code s3.region}. Contains the secret key.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(KAFKA_BOOTSTRAP_SERVERS, bootstrapServers());
        props.put(S3_ENDPOINT, s3Endpoint());
        props.put(S3_ACCESS_KEY, s3AccessKey());
        props.put(S3_SECRET_KEY, s3SecretKey());
        props.put(S3_BUCKET, bucket);
        props.put(S3_REGION, s3Region());
        return Map.copyOf(props);
    }

    /**
     * Stops both servers and deletes the data folder if the stack created it; a folder given
     * through {@link Builder#dataDir(Path)} keeps its contents.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (AutoCloseable part : List.<AutoCloseable>of(kafka, s3, dataDir)) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Embedded stack did not close cleanly: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        LOG.info("Embedded stack stopped");
    }

    @Override
    public String toString() {
        return "EmbeddedStack[kafka=" + bootstrapServers() + ", s3=" + s3Endpoint() + ", bucket=" + bucket
                + ", dataDir=" + dataDir.path() + "]";
    }

    /** Settings for {@link EmbeddedStack}; every one is optional. */
    public static final class Builder {

        private Path dataDir;
        private int kafkaPort;
        private int s3Port;
        private boolean inMemoryS3;
        private String bucket = DEFAULT_BUCKET;
        private final Set<String> extraBuckets = new LinkedHashSet<>();
        private final Map<String, TopicSpec> topics = new LinkedHashMap<>();
        private final Map<String, String> brokerOverrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** Folder for all state, kept on close. Default: a new temporary folder deleted on close. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        /** Kafka client port on 127.0.0.1; default 0 picks a free port. */
        public Builder kafkaPort(int port) {
            this.kafkaPort = checkPort("Kafka", port);
            return this;
        }

        /** S3 HTTP port on 127.0.0.1; default 0 picks a free port. */
        public Builder s3Port(int port) {
            this.s3Port = checkPort("S3", port);
            return this;
        }

        public Builder topic(String name, int partitions) {
            return topic(TopicSpec.of(name, partitions));
        }

        /** A topic with {@code cleanup.policy=compact}. */
        public Builder compactedTopic(String name, int partitions) {
            return topic(TopicSpec.compacted(name, partitions));
        }

        /** Any topic; a later spec for the same name replaces an earlier one. */
        public Builder topic(TopicSpec spec) {
            Objects.requireNonNull(spec, "topic");
            topics.put(spec.name(), spec);
            return this;
        }

        /** The main bucket, reported as {@code s3.bucket}; default {@value #DEFAULT_BUCKET}. */
        public Builder bucket(String name) {
            this.bucket = BucketNames.validate(name);
            return this;
        }

        /** Another bucket to create besides the main one. */
        public Builder extraBucket(String name) {
            extraBuckets.add(BucketNames.validate(name));
            return this;
        }

        /** Keep objects in memory instead of files under the data folder. */
        public Builder inMemoryS3() {
            this.inMemoryS3 = true;
            return this;
        }

        /** A broker setting applied over the single-node defaults (e.g. {@code auto.create.topics.enable}). */
        public Builder brokerProperty(String key, String value) {
            brokerOverrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Starts Kafka and S3 in parallel, then creates the topics and buckets. On failure
         * everything already started is stopped again before the exception is thrown.
         */
        public EmbeddedStack start() {
            long startNanos = System.nanoTime();
            QuietServerLogging.applyDefaults(); // before the server classes load
            DataDirectory dir = dataDir == null ? DataDirectory.temporary() : DataDirectory.userGiven(dataDir);
            ExecutorService starter = Executors.newFixedThreadPool(2, starterThreads());
            CompletableFuture<EmbeddedKafka> kafkaStart = CompletableFuture.supplyAsync(
                    () -> EmbeddedKafka.start(dir.subdirectory("kafka"), kafkaPort, brokerOverrides), starter);
            CompletableFuture<EmbeddedS3> s3Start = CompletableFuture.supplyAsync(startS3(dir), starter);
            starter.shutdown();

            EmbeddedKafka kafka = null;
            EmbeddedS3 s3 = null;
            try {
                kafka = join(kafkaStart);
                s3 = join(s3Start);
                kafka.createTopics(new ArrayList<>(topics.values()));
                s3.createBucket(bucket);
                extraBuckets.forEach(s3::createBucket);
            } catch (RuntimeException e) {
                closeAfterFailure(kafka != null ? kafka : joinQuietly(kafkaStart), e);
                closeAfterFailure(s3 != null ? s3 : joinQuietly(s3Start), e);
                closeAfterFailure(dir, e);
                throw e;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            EmbeddedStack stack = new EmbeddedStack(dir, kafka, s3, bucket, took);
            LOG.info("Embedded stack started in {} ms: Kafka {}, S3 {}, {} topic(s), data {}",
                    took.toMillis(), stack.bootstrapServers(), stack.s3Endpoint(), topics.size(), dir.path());
            return stack;
        }

        private Supplier<EmbeddedS3> startS3(DataDirectory dir) {
            if (inMemoryS3) {
                return () -> EmbeddedS3.startInMemory(s3Port);
            }
            return () -> EmbeddedS3.startOnFilesystem(dir.subdirectory("s3"), s3Port);
        }

        private static <T> T join(CompletableFuture<T> future) {
            try {
                return future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        private static <T> T joinQuietly(CompletableFuture<T> future) {
            try {
                return future.join();
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static void closeAfterFailure(AutoCloseable part, RuntimeException failure) {
            if (part == null) {
                return;
            }
            try {
                part.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }

        private static int checkPort(String what, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(what + " port must be 0 (any free port) or 1-65535, got " + port);
            }
            return port;
        }

        private static ThreadFactory starterThreads() {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, "dagan-embedded-start-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
