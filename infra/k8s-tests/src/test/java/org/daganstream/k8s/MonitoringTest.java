package org.daganstream.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.daganstream.assembler.AssemblerMetrics;
import org.daganstream.avro.FrameDescriptor;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.kafka.RecordDecoder;
import org.daganstream.common.metrics.Metrics;
import org.daganstream.gateway.GatewayMetrics;
import org.daganstream.ingest.IngestMetrics;
import org.daganstream.k8s.support.ComposeFile;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.PodConfig;
import org.daganstream.k8s.support.ProjectPaths;
import org.daganstream.k8s.support.ServiceContract;
import org.daganstream.k8s.support.ServiceContracts;
import org.daganstream.motion.MotionMetrics;
import org.daganstream.worker.WorkerMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the alert rules query metric names the services really expose (checked against a
 * Prometheus scrape of the services' own meter classes), and Prometheus finds every service on Kubernetes and
 * in compose.
 */
class MonitoringTest {

    /** Metric families the services do not define: Kafka client metrics, Kafka Exporter, Prometheus itself. */
    private static final Pattern EXTERNAL = Pattern.compile("kafka_.*|up");
    private static final Pattern METRIC = Pattern.compile("\\b([a-z][a-z0-9_]*_[a-z0-9_]+)\\s*(?=\\{|\\[|\\)|$|\\s)");
    private static final Set<String> PROMQL_WORDS = Set.of("histogram_quantile", "by", "sum", "rate", "increase",
            "max", "deriv", "or", "and", "without", "on", "ignoring");

    @Test
    void dashboardAndAlertsQueryMetricsTheServicesExpose() throws IOException {
        Set<String> exposed = exposedSeries();
        Set<String> queried = new TreeSet<>();
        for (String expr : dashboardExpressions()) {
            queried.addAll(metricNames(expr));
        }
        for (String expr : alertExpressions()) {
            queried.addAll(metricNames(expr));
        }
        assertFalse(queried.isEmpty(), "found no metric names in the dashboard and alerts");
        List<String> unknown = queried.stream().filter(n -> !EXTERNAL.matcher(n).matches() && !exposed.contains(n))
                .toList();
        assertEquals(List.of(), unknown, "queried but not exposed by any service (compare with their /metrics)");
        assertTrue(queried.stream().anyMatch(n -> n.startsWith("dagan_worker_")), "the dashboard covers the workers");
    }

    @Test
    void dashboardIsWellFormed() throws IOException {
        JsonNode dash = new ObjectMapper().readTree(ProjectPaths.monitoring().resolve("grafana/dashboards/dagan-stream.json").toFile());
        Set<Integer> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : dash.path("panels")) {
            if (!ids.add(panel.path("id").asInt())) {
                problems.add("duplicate panel id " + panel.path("id"));
            }
            if (!panel.path("type").asText().equals("row")) {
                if (panel.path("targets").isEmpty()) {
                    problems.add("panel '" + panel.path("title").asText() + "' has no queries");
                }
                if (!panel.path("datasource").path("uid").asText().equals("${datasource}")) {
                    problems.add("panel '" + panel.path("title").asText() + "' does not use the $datasource variable");
                }
            }
        }
        boolean variable = false;
        for (JsonNode v : dash.path("templating").path("list")) {
            variable |= v.path("name").asText().equals("datasource") && v.path("type").asText().equals("datasource");
        }
        if (!variable) {
            problems.add("no datasource template variable: the dashboard would be bound to one Grafana");
        }
        Overlays.assertNoProblems(problems, "dashboard");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryComposeService() throws IOException {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(ProjectPaths.monitoring().resolve("prometheus.yml")));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");
        Set<String> targets = new TreeSet<>();
        boolean kubernetes = false;
        for (Map<String, Object> job : jobs) {
            kubernetes |= job.containsKey("kubernetes_sd_configs")
                    && String.valueOf(job.get("relabel_configs")).contains("prometheus_io_scrape");
            for (Map<String, Object> sc : (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
                targets.addAll((List<String>) sc.get("targets"));
            }
        }
        assertTrue(kubernetes, "a kubernetes_sd job keeping pods annotated prometheus.io/scrape");
        Map<String, ComposeFile.Service> compose = ComposeFile.load(ProjectPaths.compose().resolve("docker-compose.yml")).services();
        Set<String> expected = new TreeSet<>();
        for (ServiceContract contract : ServiceContracts.all()) {
            ComposeFile.Service s = compose.get(contract.deployment());
            expected.add(contract.deployment() + ":" + (s == null ? "?" : s.environment().getOrDefault("DAGAN_HTTP_PORT", "8080")));
        }
        assertEquals(expected, targets, "static targets of prometheus.yml vs the compose services' http ports");
        for (Object rules : (List<Object>) prometheus.getOrDefault("rule_files", List.of())) {
            assertTrue(Files.isRegularFile(ProjectPaths.monitoring().resolve(String.valueOf(rules))), "rule file " + rules);
        }
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void podsAnnounceTheirMetricsEndpoint(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
            String port = PodConfig.of(m, d).env().values().getOrDefault("DAGAN_HTTP_PORT", "8080");
            if (a == null || !"true".equals(a.get("prometheus.io/scrape")) || !port.equals(a.get("prometheus.io/port"))
                    || !"/metrics".equals(a.get("prometheus.io/path"))) {
                problems.add(d.getMetadata().getName() + ": pod annotations " + a + " do not announce /metrics on " + port);
            }
        }
        Overlays.assertNoProblems(problems, "scrape annotations in overlay " + overlay);
    }

    /** Every series name a Prometheus scrape of the services' meters shows, after each meter was used once. */
    private static Set<String> exposedSeries() {
        try (Metrics metrics = Metrics.create("monitoring-test", DaganConfig.of(Map.of("metrics.instance", "test")))) {
            var registry = metrics.registry();
            WorkerMetrics worker = new WorkerMetrics(registry, "depth");
            worker.bindInFlight(() -> 0, () -> 0);
            worker.published();
            worker.deadLettered();
            worker.batch(2);
            worker.queueWait(1_000_000);
            worker.inference(Duration.ofMillis(5));
            worker.error("inference");
            worker.retry();
            worker.paused(true);
            worker.lag(3);
            new MotionMetrics(registry);
            AssemblerMetrics assembler = new AssemblerMetrics(registry);
            assembler.muxInFlight(() -> 0);
            assembler.muxTime(1_000_000);
            assembler.jobStalled();
            assembler.jobSucceeded();
            IngestMetrics ingest = new IngestMetrics(registry);
            ingest.jobFailed("corrupt-video");
            ingest.frameDecoded(1_000_000);
            GatewayMetrics gateway = new GatewayMetrics(registry);
            gateway.submitted("upload");
            gateway.refused(400);
            gateway.gauges(() -> 0, () -> 0);
            RecordDecoder.forType(FrameDescriptor.class).withMetrics(registry)
                    .decode(new ConsumerRecord<>("dagan.frames.decoded", 0, 0L, "k", "not avro".getBytes(StandardCharsets.UTF_8)));
            Set<String> names = new HashSet<>();
            for (String line : metrics.scrape().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            return names;
        }
    }

    private static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        // Label matchers and grouping lists are not metric names.
        String stripped = expr.replaceAll("\\{[^}]*}", "{}").replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
        Matcher m = METRIC.matcher(stripped);
        while (m.find()) {
            String name = m.group(1);
            if (!PROMQL_WORDS.contains(name) && !name.startsWith("__")) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dash = new ObjectMapper().readTree(ProjectPaths.monitoring().resolve("grafana/dashboards/dagan-stream.json").toFile());
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dash.path("panels")) {
            for (JsonNode t : panel.path("targets")) {
                exprs.add(t.path("expr").asText());
            }
        }
        return exprs;
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertExpressions() throws IOException {
        Path file = ProjectPaths.monitoring().resolve("alerts.yml");
        Map<String, Object> alerts = new Yaml().load(Files.readString(file));
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) alerts.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                exprs.add(String.valueOf(rule.get("expr")));
            }
        }
        return exprs;
    }
}
