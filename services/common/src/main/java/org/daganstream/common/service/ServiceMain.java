package org.daganstream.common.service;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} every long-running service shares: {@code NAME [--config FILE]}, run until SIGTERM/Ctrl-C.
 *
 * <ul>
 * <li>Arguments: {@code --config FILE}, {@code -c FILE} or {@code --config=FILE}; {@code --help} prints the usage.
 * <li>Configuration: {@code DaganConfig.load(defaults, file)}, i.e. defaults &lt; the file (or {@code DAGAN_CONFIG})
 * &lt; {@code DAGAN_*} environment variables.
 * <li>Stop: a shutdown hook closes the service; {@code main} returns once it is closed.
 * </ul>
 *
 * <p>Exit status: 0 after a requested stop (and after {@code --help}); 1 when the service cannot start or, for a
 * service given a {@link Termination}, fails on its own; 2 on a usage error or bad configuration (stderr says
 * {@code configuration error: ...}, naming the key and where its value came from).
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ServiceMain.run("gateway", args, GatewaySettings.DEFAULTS, GatewayService::start);
 * }
 * }</pre>
 */
public final class ServiceMain {

    /** Exit status when the service cannot start or failed while running. */
    public static final int EXIT_FAILED = 1;
    /** Exit status on a usage error or bad configuration. */
    public static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    /** Starts the service from its configuration; throws {@link ConfigException} when a setting is bad. */
    @FunctionalInterface
    public interface ServiceStarter<S extends AutoCloseable> {
        S start(DaganConfig config);
    }

    /** How to wait for a service that can end by itself (a failed Streams client, a crashed consume loop). */
    @FunctionalInterface
    public interface Termination<S> {
        /** Blocks until {@code service} stops: returns once it was closed, throws when it failed on its own. */
        void await(S service) throws Exception;
    }

    private final String name;
    private final PrintStream out;
    private final PrintStream err;
    private final Consumer<Thread> shutdownHooks;

    ServiceMain(String name, PrintStream out, PrintStream err, Consumer<Thread> shutdownHooks) {
        this.name = Objects.requireNonNull(name, "name");
        this.out = out;
        this.err = err;
        this.shutdownHooks = shutdownHooks;
    }

    /** Runs a service that stops only when asked to (SIGTERM/Ctrl-C); exits 1 or 2 as the class comment says. */
    public static <S extends AutoCloseable> void run(String name, String[] args, Map<String, String> defaults,
                                                     ServiceStarter<S> starter) {
        run(name, args, defaults, starter, null);
    }

    /**
     * Like {@link #run(String, String[], Map, ServiceStarter)}, and also ends when {@code termination} reports a
     * failure: the service is closed and the process exits with {@link #EXIT_FAILED}.
     */
    public static <S extends AutoCloseable> void run(String name, String[] args, Map<String, String> defaults,
                                                     ServiceStarter<S> starter, Termination<? super S> termination) {
        int status = new ServiceMain(name, System.out, System.err, Runtime.getRuntime()::addShutdownHook)
                .execute(args, defaults, starter, termination);
        // After a requested stop the JVM is already running its shutdown hooks: System.exit would block then.
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Does all of {@code run} except leaving the process; returns the exit status. */
    <S extends AutoCloseable> int execute(String[] args, Map<String, String> defaults, ServiceStarter<S> starter,
                                          Termination<? super S> termination) {
        String usage = "usage: " + name + " [--config FILE]   (DAGAN_* environment variables override the file;"
                + " see the module README for the keys)";
        if (Arrays.asList(args).contains("--help")) {
            out.println(usage);
            return 0;
        }
        Path configFile;
        try {
            configFile = configFile(args);
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            err.println(usage);
            return EXIT_USAGE;
        }
        S service;
        try {
            service = starter.start(DaganConfig.load(defaults, configFile));
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            return EXIT_USAGE;
        } catch (RuntimeException e) {
            LOG.error("{} cannot start: {}", name, e.getMessage(), e);
            return EXIT_FAILED;
        }
        CountDownLatch closed = new CountDownLatch(1);
        shutdownHooks.accept(new Thread(() -> {
            LOG.info("{}: shutdown requested", name);
            closeQuietly(service);
            closed.countDown();
        }, name + "-shutdown"));
        try {
            if (termination == null) {
                closed.await();
            } else {
                termination.await(service);
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            LOG.error("{} stopped after a failure: {}", name, e.getMessage());
            closeQuietly(service);
            return EXIT_FAILED;
        }
    }

    /**
     * The file of {@code --config FILE}, {@code -c FILE} or {@code --config=FILE} (the last one wins); null when
     * none is given.
     *
     * @throws IllegalArgumentException on any other argument, or an option without its file
     */
    public static Path configFile(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") || arg.equals("-c")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a file name");
                }
                file = Path.of(args[++i]);
            } else if (arg.startsWith("--config=")) {
                file = Path.of(arg.substring("--config=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return file;
    }

    private void closeQuietly(AutoCloseable service) {
        try {
            service.close();
        } catch (Exception e) {
            LOG.warn("{}: closing failed: {}", name, e.toString());
        }
    }
}
