package org.daganstream.gateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;

/**
 * Reads a server-sent event stream on a background thread: events land in a queue, comments are counted, and
 * {@link #closed()} completes when the server ends the stream.
 */
public final class SseClient implements AutoCloseable {

    /** One event: its name, id and JSON data. */
    public record Event(String name, String id, JsonObject data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile int comments;
    private volatile int status;
    private volatile String contentType = "";

    public SseClient(HttpClient http, URI uri) {
        response = http.sendAsync(HttpRequest.newBuilder(uri).header("accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            status = r.statusCode();
            contentType = r.headers().firstValue("content-type").orElse("");
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            try (Stream<String> lines = r.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(new Event(name, id, new JsonObject(data.toString())));
                        }
                        name = "message";
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        comments++;
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
                closed.complete(null);
            } catch (RuntimeException e) {
                closed.completeExceptionally(e);
            }
        }).exceptionally(e -> {
            closed.completeExceptionally(e);
            return null;
        });
    }

    /** The next event, or an assertion error after {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no server-sent event within " + timeout.toMillis() + " ms (stream closed: "
                    + closed.isDone() + ")");
        }
        return event;
    }

    /** The next event with {@code name}, skipping others. */
    public Event next(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e.name().equals(name)) {
                return e;
            }
        }
    }

    public CompletableFuture<Void> closed() {
        return closed;
    }

    public int comments() {
        return comments;
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    @Override
    public void close() {
        response.cancel(true);
    }
}
