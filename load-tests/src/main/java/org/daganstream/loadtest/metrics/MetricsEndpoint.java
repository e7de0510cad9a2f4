package org.daganstream.loadtest.metrics;

import java.net.URI;

/**
 * A service's Prometheus endpoint.
 *
 * @param name what the report calls it, e.g. {@code generator#2}
 * @param uri  e.g. {@code http://127.0.0.1:8084/metrics}
 */
public record MetricsEndpoint(String name, URI uri) {

    /** {@code name=url} or a bare URL (then named by host and port). */
    public static MetricsEndpoint parse(String spec) {
        int eq = spec.indexOf('=');
        String name = eq > 0 && !spec.substring(0, eq).contains("/") ? spec.substring(0, eq) : null;
        String url = name == null ? spec : spec.substring(eq + 1);
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metrics endpoint '" + spec + "' is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("metrics endpoint '" + spec + "' must be an http(s) URL such as"
                    + " http://127.0.0.1:8081/metrics (optionally prefixed with name=)");
        }
        if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
            uri = uri.resolve("/metrics");
        }
        return new MetricsEndpoint(name != null ? name : uri.getHost() + ":" + uri.getPort(), uri);
    }
}
