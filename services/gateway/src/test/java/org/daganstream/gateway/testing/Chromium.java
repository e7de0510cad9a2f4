package org.daganstream.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;

/**
 * A headless Chromium driven over the DevTools protocol (a small client on the JDK's WebSocket): one page, script
 * evaluation, file inputs, screenshots. The browser runs with a fresh profile folder, deleted on close.
 */
public final class Chromium implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Long, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private String session;

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts the browser and opens one page (blank) to drive. */
    public static Chromium launch(Path logFile) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("dagan-chromium-");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1000,1700", "about:blank"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        try {
            return connect(process, profile, devToolsEndpoint(process, profile));
        } catch (Exception e) {
            process.destroyForcibly();
            deleteTree(profile);
            throw new IOException("starting Chromium failed: " + e.getMessage() + " (log: " + logFile + ")", e);
        }
    }

    private static Chromium connect(Process process, Path profile, URI endpoint) throws Exception {
        Holder holder = new Holder();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(endpoint, holder).get(20, TimeUnit.SECONDS);
        Chromium browser = new Chromium(process, profile, socket);
        holder.browser = browser;
        String target = browser.command("Target.createTarget", new JsonObject().put("url", "about:blank"))
                .getString("targetId");
        browser.session = browser.command("Target.attachToTarget",
                new JsonObject().put("targetId", target).put("flatten", true)).getString("sessionId");
        browser.page("Page.enable", new JsonObject());
        browser.page("Runtime.enable", new JsonObject());
        return browser;
    }

    /** The browser writes {@code DevToolsActivePort} (port, then path) into its profile once it listens. */
    private static URI devToolsEndpoint(Process process, Path profile) throws IOException, InterruptedException {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with code " + process.exitValue());
            }
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= 2) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("Chromium did not open its DevTools port within 30s");
    }

    /** Loads {@code url} in the page and waits for its load event. */
    public void navigate(String url) throws Exception {
        page("Page.navigate", new JsonObject().put("url", url));
        awaitTrue("document.readyState === 'complete'", Duration.ofSeconds(20));
    }

    /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value. */
    public Object eval(String expression) throws Exception {
        JsonObject result = page("Runtime.evaluate", new JsonObject().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.containsKey("exceptionDetails")) {
            throw new AssertionError("script failed: " + expression + ": " + result.getJsonObject("exceptionDetails").encode());
        }
        return result.getJsonObject("result").getValue("value");
    }

    /** Polls {@code expression} until it is true. */
    public void awaitTrue(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(eval(expression))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting in the page for: " + expression);
            }
            Thread.sleep(100);
        }
    }

    /** Puts local files into an {@code <input type=file>} (what a user's file picker does). */
    public void setFiles(String selector, Path... files) throws Exception {
        int root = page("DOM.getDocument", new JsonObject()).getJsonObject("root").getInteger("nodeId");
        int node = page("DOM.querySelector", new JsonObject().put("nodeId", root).put("selector", selector))
                .getInteger("nodeId");
        io.vertx.core.json.JsonArray paths = new io.vertx.core.json.JsonArray();
        for (Path f : files) {
            paths.add(f.toAbsolutePath().toString());
        }
        page("DOM.setFileInputFiles", new JsonObject().put("nodeId", node).put("files", paths));
    }

    public void screenshot(Path target) throws Exception {
        String data = page("Page.captureScreenshot", new JsonObject().put("format", "png")
                .put("captureBeyondViewport", false)).getString("data");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, Base64.getDecoder().decode(data));
    }

    private JsonObject page(String method, JsonObject params) throws Exception {
        return send(method, params, session);
    }

    private JsonObject command(String method, JsonObject params) throws Exception {
        return send(method, params, null);
    }

    private JsonObject send(String method, JsonObject params, String sessionId) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        JsonObject message = new JsonObject().put("id", id).put("method", method).put("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        socket.sendText(message.encode(), true).get(10, TimeUnit.SECONDS);
        JsonObject reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.containsKey("error")) {
            throw new IllegalStateException(method + " failed: " + reply.getJsonObject("error").encode());
        }
        return reply.getJsonObject("result", new JsonObject());
    }

    private void dispatch(String text) {
        JsonObject message = new JsonObject(text);
        Long id = message.getLong("id");
        if (id != null) {
            CompletableFuture<JsonObject> answer = pending.remove(id);
            if (answer != null) {
                answer.complete(message);
            }
        }
        // Events (no id) are not needed: the tests poll the page's state.
    }

    /** Collects fragmented text frames and hands whole messages to the browser instance once it exists. */
    private static final class Holder implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile Chromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                if (browser != null) {
                    browser.dispatch(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp folder
        }
    }
}
