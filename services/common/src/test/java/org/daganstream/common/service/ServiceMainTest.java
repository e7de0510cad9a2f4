package org.daganstream.common.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceMainTest {

    private static final Map<String, String> DEFAULTS =
            Map.of("servicemain.test.a", "default-a", "servicemain.test.b", "default-b");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BlockingQueue<Thread> hooks = new LinkedBlockingQueue<>();
    private final ServiceMain main = new ServiceMain("demo", new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), hooks::add);

    /** Counts its closes; never started when the arguments or configuration are refused. */
    private static final class FakeService implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void configFileAcceptsTheThreeSpellingsAndNothingElse() {
        assertEquals(Path.of("a.properties"), ServiceMain.configFile(new String[] {"--config", "a.properties"}));
        assertEquals(Path.of("b.properties"), ServiceMain.configFile(new String[] {"-c", "b.properties"}));
        assertEquals(Path.of("c.properties"), ServiceMain.configFile(new String[] {"--config=c.properties"}));
        assertEquals(Path.of("d.properties"),
                ServiceMain.configFile(new String[] {"-c", "x.properties", "--config=d.properties"}));
        assertNull(ServiceMain.configFile(new String[0]));

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ServiceMain.configFile(new String[] {"-c"}));
        assertEquals("-c needs a file name", missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ServiceMain.configFile(new String[] {"--config", "a.properties", "--port", "1"}));
        assertEquals("unknown argument '--port'", unknown.getMessage());
    }

    @Test
    void helpPrintsTheUsageAndStartsNothing() {
        int status = main.execute(new String[] {"--help"}, DEFAULTS, config -> {
            throw new AssertionError("must not start");
        }, null);
        assertEquals(0, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: demo [--config FILE]"), out.toString());
        assertTrue(hooks.isEmpty());
    }

    @Test
    void aBadArgumentIsAUsageErrorNamingTheArgument() {
        int status = main.execute(new String[] {"--port", "1"}, DEFAULTS, config -> {
            throw new AssertionError("must not start");
        }, null);
        assertEquals(ServiceMain.EXIT_USAGE, status);
        assertTrue(err().contains("demo: unknown argument '--port'"), err());
        assertTrue(err().contains("usage: demo [--config FILE]"), err());
        assertTrue(hooks.isEmpty());
    }

    @Test
    void runsWithTheFileOverTheDefaultsUntilTheShutdownHookClosesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.properties");
        Files.writeString(file, "servicemain.test.a=from-file\n");
        FakeService service = new FakeService();
        AtomicReference<DaganConfig> seen = new AtomicReference<>();

        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() ->
                main.execute(new String[] {"-c", file.toString()}, DEFAULTS, config -> {
                    seen.set(config);
                    return service;
                }, null));
        Thread hook = hooks.poll(10, TimeUnit.SECONDS);
        assertNotNull(hook, "no shutdown hook registered");
        assertEquals("demo-shutdown", hook.getName());
        assertFalse(status.isDone(), "main returned before a stop was requested");
        assertEquals("from-file", seen.get().get("servicemain.test.a", null));
        assertEquals("default-b", seen.get().get("servicemain.test.b", null));

        hook.start();
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
        assertEquals(1, service.closes.get());
    }

    @Test
    void badConfigurationExitsWithTwoAndTheMessage() {
        int status = main.execute(new String[0], DEFAULTS, config -> {
            throw new ConfigException("config key demo.port=x is not an integer (from file demo.properties)");
        }, null);
        assertEquals(ServiceMain.EXIT_USAGE, status);
        assertEquals("configuration error: config key demo.port=x is not an integer (from file demo.properties)",
                err().strip());
        assertTrue(hooks.isEmpty());
    }

    @Test
    void aMissingConfigFileIsAConfigurationError(@TempDir Path dir) {
        Path absent = dir.resolve("absent.properties");
        int status = main.execute(new String[] {"--config=" + absent}, DEFAULTS, config -> new FakeService(), null);
        assertEquals(ServiceMain.EXIT_USAGE, status);
        assertTrue(err().startsWith("configuration error: "), err());
        assertTrue(err().contains("absent.properties"), err());
    }

    @Test
    void aServiceThatCannotStartExitsWithOne() {
        int status = main.execute(new String[0], DEFAULTS, config -> {
            throw new IllegalStateException("broker unreachable");
        }, null);
        assertEquals(ServiceMain.EXIT_FAILED, status);
        assertTrue(hooks.isEmpty());
    }

    @Test
    void aServiceFailingOnItsOwnIsClosedAndExitsWithOne() {
        FakeService service = new FakeService();
        int status = main.execute(new String[0], DEFAULTS, config -> service, s -> {
            throw new IllegalStateException("stream thread died");
        });
        assertEquals(ServiceMain.EXIT_FAILED, status);
        assertEquals(1, service.closes.get());
    }

    @Test
    void aServiceWithATerminationEndsNormallyWhenClosedByTheHook() throws Exception {
        FakeService service = new FakeService();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() ->
                main.execute(new String[0], DEFAULTS, config -> service, s -> s.closed.await()));
        Thread hook = hooks.poll(10, TimeUnit.SECONDS);
        assertNotNull(hook, "no shutdown hook registered");
        hook.start();
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
        assertEquals(1, service.closes.get());
    }
}
