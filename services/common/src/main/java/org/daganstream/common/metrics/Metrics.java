package org.daganstream.common.metrics;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.daganstream.common.config.DaganConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Prometheus registry per service process, with common tags {@code service} and {@code instance} on every
 * meter and the JVM/process binders (memory, GC, threads, class loading, CPU, uptime, file descriptors).
 * {@code instance} is {@code metrics.instance} if set, else the host name (the pod name on Kubernetes).
 */
public final class Metrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusMeterRegistry registry;
    private final String service;
    private final String instance;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private Metrics(String service, String instance) {
        this.service = service;
        this.instance = instance;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service, "instance", instance);
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
    }

    public static Metrics create(String service, DaganConfig config) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("metrics need a service name");
        }
        return new Metrics(service, config.get("metrics.instance").orElseGet(Metrics::hostName));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String service() {
        return service;
    }

    public String instance() {
        return instance;
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "local";
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing metrics binder: {}", e.toString());
            }
        }
        registry.close();
    }
}
