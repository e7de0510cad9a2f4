package org.daganstream.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server that answers from a script: queued responses first (e.g. two 503s), then a fallback.
 * Records every request. For testing clients' retry and error handling against real sockets.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    /** One canned response. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public static Response of(int status, String contentType, String body) {
            return new Response(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }

        public static Response bytes(int status, byte[] body) {
            return new Response(status, Map.of("Content-Type", "application/octet-stream"), body);
        }

        /** An S3-style XML error, e.g. {@code s3Error(404, "NoSuchKey", "The specified key does not exist.")}. */
        public static Response s3Error(int status, String code, String message) {
            return of(status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                    + "</Code><Message>" + message + "</Message><RequestId>test</RequestId></Error>");
        }
    }

    /** What the server saw; {@code headers} holds the first value of each header, names in lower case. */
    public record Request(String method, String path, String query, Map<String, String> headers) {

        /** The first value of header {@code name} (any case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Response fallback = Response.of(404, "text/plain", "no scripted response");

    public ScriptedHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Queues responses answered in order, one per request. */
    public ScriptedHttpServer then(Response... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    /** Answer once the queue is empty. */
    public ScriptedHttpServer otherwise(Response response) {
        this.fallback = response;
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(), Map.copyOf(headers)));
            Response r = script.poll();
            if (r == null) {
                r = fallback;
            }
            r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || r.body().length == 0;
            exchange.sendResponseHeaders(r.status(), noBody ? -1 : r.body().length);
            if (!noBody) {
                exchange.getResponseBody().write(r.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
