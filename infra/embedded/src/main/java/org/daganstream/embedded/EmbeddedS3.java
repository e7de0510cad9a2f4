package org.daganstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible HTTP server (S3Proxy) running in this JVM on 127.0.0.1, with path-style
 * addressing and AWS signature V4 authentication using a random key pair. Objects live either in
 * a folder ({@link #startOnFilesystem}) or in memory ({@link #startInMemory}).
 */
public final class EmbeddedS3 implements AutoCloseable {

    /** S3Proxy accepts any region in a signature; clients are told to use this one. */
    public static final String REGION = "us-east-1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final long STARTED_TIMEOUT_MS = 30_000;
    private static final long STOP_TIMEOUT_MS = 2_000;

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final S3Credentials credentials;
    private final String endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, S3Credentials credentials, String endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.credentials = credentials;
        this.endpoint = endpoint;
    }

    /**
     * Serves objects stored as files under {@code baseDir} (one sub-folder per bucket), so they
     * survive a restart when the folder is kept.
     *
     * @param port HTTP port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedS3 startOnFilesystem(Path baseDir, int port) {
        Objects.requireNonNull(baseDir, "baseDir");
        Path dir = baseDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create S3 data directory " + dir, e);
        }
        return start(new FilesystemNio2BlobStore(dir.toString()), port, "folder " + dir);
    }

    /** Serves objects from memory; they are gone when the server closes. */
    public static EmbeddedS3 startInMemory(int port) {
        return start(new TransientNio2BlobStore(), port, "memory");
    }

    private static EmbeddedS3 start(BlobStore blobStore, int port, String storageDescription) {
        if (port < 0 || port > 65535) {
            blobStore.close();
            throw new IllegalArgumentException("S3 port must be 0 (any free port) or 1-65535, got " + port);
        }
        QuietServerLogging.applyDefaults();
        S3Credentials credentials = S3Credentials.random();
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + SingleNodeKraftConfig.HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V4, credentials.accessKey(), credentials.secretKey())
                // SDKs send newer x-amz-* headers (checksums, SDK hints) that S3Proxy would refuse.
                .ignoreUnknownHeaders(true)
                .stopTimeout(STOP_TIMEOUT_MS)
                .build();
        try {
            proxy.start();
            awaitStarted(proxy);
        } catch (Exception e) {
            stopQuietly(proxy, blobStore);
            throw new IllegalStateException("Could not start the embedded S3 server on "
                    + SingleNodeKraftConfig.HOST + ":" + port + ": " + e.getMessage(), e);
        }
        String endpoint = "http://" + SingleNodeKraftConfig.HOST + ":" + proxy.getPort();
        LOG.info("Embedded S3 server ready at {} (objects in {})", endpoint, storageDescription);
        return new EmbeddedS3(proxy, blobStore, credentials, endpoint);
    }

    /** Base URL for S3 clients, e.g. {@code http://127.0.0.1:41234}; use path-style addressing. */
    public String endpoint() {
        return endpoint;
    }

    public int port() {
        return proxy.getPort();
    }

    public String accessKey() {
        return credentials.accessKey();
    }

    public String secretKey() {
        return credentials.secretKey();
    }

    public String region() {
        return REGION;
    }

    /** Creates the bucket unless it exists already. */
    public void createBucket(String name) {
        BucketNames.validate(name);
        if (closed.get()) {
            throw new IllegalStateException("Embedded S3 server at " + endpoint + " is closed");
        }
        if (!blobStore.containerExists(name)) {
            blobStore.createContainer(name);
        }
    }

    public boolean bucketExists(String name) {
        return blobStore.containerExists(name);
    }

    /** Stops the server; objects kept on the filesystem stay there. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stopQuietly(proxy, blobStore);
            LOG.info("Embedded S3 server at {} stopped", endpoint);
        }
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        long deadline = System.currentTimeMillis() + STARTED_TIMEOUT_MS;
        // start() can return while Jetty is still STARTING.
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy still " + proxy.getState() + " after "
                        + STARTED_TIMEOUT_MS + " ms");
            }
            Thread.sleep(10);
        }
    }

    private static void stopQuietly(S3Proxy proxy, BlobStore blobStore) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("Embedded S3 server did not stop cleanly: {}", e.toString());
        } finally {
            blobStore.close();
        }
    }
}
