package org.daganstream.loadtest.metrics;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the services' {@code /metrics} pages over HTTP. */
public final class MetricsScraper {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Every endpoint's page at one moment; an endpoint that could not be read is listed in {@code errors}. */
    public record Snapshot(Map<MetricsEndpoint, PrometheusText> pages, Map<MetricsEndpoint, String> errors) {
    }

    private final List<MetricsEndpoint> endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public MetricsScraper(List<MetricsEndpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    public List<MetricsEndpoint> endpoints() {
        return endpoints;
    }

    public Snapshot snapshot() {
        Map<MetricsEndpoint, PrometheusText> pages = new LinkedHashMap<>();
        Map<MetricsEndpoint, String> errors = new LinkedHashMap<>();
        for (MetricsEndpoint e : endpoints) {
            try {
                pages.put(e, scrape(e));
            } catch (IOException | RuntimeException ex) {
                errors.put(e, ex.getClass().getSimpleName() + ": " + ex.getMessage());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                errors.put(e, "interrupted");
            }
        }
        return new Snapshot(pages, errors);
    }

    public PrometheusText scrape(MetricsEndpoint endpoint) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.uri()).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + endpoint.uri() + " answered HTTP " + response.statusCode());
        }
        return PrometheusText.parse(response.body());
    }

    /** True when {@code GET <base>/health/ready} answers 200. */
    public boolean ready(MetricsEndpoint endpoint) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint.uri().resolve("/health/ready"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
