package org.daganstream.loadtest.target;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.daganstream.common.config.DaganConfig;
import org.daganstream.loadtest.metrics.MetricsEndpoint;

/**
 * The load generator only loads systems on this machine: every Kafka bootstrap server, the S3 endpoint and every
 * metrics endpoint must resolve to loopback addresses only. This keeps a mistyped configuration from sending a
 * burst of jobs at a shared cluster.
 */
public final class LoopbackGuard {

    private LoopbackGuard() {
    }

    /** @throws IllegalArgumentException naming every address that is not loopback */
    public static void check(DaganConfig config, List<MetricsEndpoint> endpoints) {
        List<String> problems = new ArrayList<>();
        String bootstrap = config.get("kafka.bootstrap.servers")
                .orElseThrow(() -> new IllegalArgumentException("kafka.bootstrap.servers is not set (give --config FILE"
                        + " or DAGAN_KAFKA_BOOTSTRAP_SERVERS)"));
        for (String server : bootstrap.split(",")) {
            if (!server.isBlank()) {
                checkHost("kafka.bootstrap.servers", hostOfServer(server.strip()), problems);
            }
        }
        String s3 = config.get("s3.endpoint")
                .orElseThrow(() -> new IllegalArgumentException("s3.endpoint is not set (give --config FILE or"
                        + " DAGAN_S3_ENDPOINT)"));
        checkHost("s3.endpoint", hostOfUrl("s3.endpoint", s3), problems);
        for (MetricsEndpoint e : endpoints) {
            checkHost("metrics endpoint " + e.name(), e.uri().getHost(), problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the load generator only targets systems on this machine (loopback"
                    + " addresses); refused: " + String.join("; ", problems));
        }
    }

    static String hostOfServer(String server) {
        String s = server.contains("://") ? server.substring(server.indexOf("://") + 3) : server;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return close > 0 ? s.substring(1, close) : s;
        }
        int colon = s.lastIndexOf(':');
        return colon > 0 ? s.substring(0, colon) : s;
    }

    private static String hostOfUrl(String what, String url) {
        try {
            String host = URI.create(url.strip()).getHost();
            if (host == null) {
                throw new IllegalArgumentException(what + "=" + url + " has no host");
            }
            return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + "=" + url + " is not a URL: " + e.getMessage(), e);
        }
    }

    private static void checkHost(String what, String host, List<String> problems) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress a : addresses) {
                if (!a.isLoopbackAddress()) {
                    problems.add(what + " host " + host + " resolves to " + a.getHostAddress());
                    return;
                }
            }
        } catch (UnknownHostException e) {
            problems.add(what + " host " + host + " does not resolve");
        }
    }
}
