package org.daganstream.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.daganstream.k8s.support.Manifests;
import org.daganstream.k8s.support.PodConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Network policies: everything is denied by default, and each pod may still reach DNS, the Kafka brokers and
 * the S3 endpoint it is configured with, and be scraped by Prometheus from the monitoring namespace.
 */
class NetworkPolicyTest {

    private static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";
    private static final String MONITORING = "monitoring";

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void everythingIsDeniedUnlessAllowed(String overlay) {
        Manifests m = Overlays.render(overlay);
        boolean defaultDeny = m.networkPolicies().stream().anyMatch(p -> selectsAll(p.getSpec().getPodSelector())
                && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && isEmpty(p.getSpec().getIngress()) && isEmpty(p.getSpec().getEgress()));
        if (!defaultDeny) {
            throw new AssertionError("overlay " + overlay + " has no default-deny NetworkPolicy (empty podSelector,"
                    + " Ingress and Egress, no rules)");
        }
    }

    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void podsReachDnsKafkaAndS3AndAreScraped(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            PodConfig pod = PodConfig.of(m, d);
            List<NetworkPolicy> mine = m.networkPolicies().stream()
                    .filter(p -> selects(p.getSpec().getPodSelector(), labels)).toList();
            String name = d.getMetadata().getName();

            if (!egressAllowed(mine, "kube-system", 53, "UDP")) {
                problems.add(name + ": DNS (kube-system, UDP 53) is not reachable");
            }
            Endpoint kafka = Endpoint.ofBootstrap(pod.env().values().get("DAGAN_KAFKA_BOOTSTRAP_SERVERS"));
            if (!egressAllowed(mine, kafka.namespace(), kafka.port(), "TCP")) {
                problems.add(name + ": Kafka " + kafka + " is not reachable");
            }
            Endpoint s3 = Endpoint.ofUrl(pod.env().values().get("DAGAN_S3_ENDPOINT"));
            if (!egressAllowed(mine, s3.namespace(), s3.port(), "TCP")) {
                problems.add(name + ": S3 " + s3 + " is not reachable");
            }
            int httpPort = Integer.parseInt(pod.env().values().getOrDefault("DAGAN_HTTP_PORT", "8080"));
            if (!ingressAllowed(mine, MONITORING, httpPort, pod.container())) {
                problems.add(name + ": Prometheus in namespace " + MONITORING + " cannot scrape port " + httpPort);
            }
        }
        Overlays.assertNoProblems(problems, "network policies in overlay " + overlay);
    }

    /** Only the gateway accepts connections from anywhere (its API and web page), on its http port. */
    @ParameterizedTest(name = "overlay {0}")
    @FieldSource("org.daganstream.k8s.Overlays#NAMES")
    void onlyTheGatewayIsOpenToEveryone(String overlay) {
        Manifests m = Overlays.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            PodConfig pod = PodConfig.of(m, d);
            int httpPort = Integer.parseInt(pod.env().values().getOrDefault("DAGAN_HTTP_PORT", "8080"));
            boolean open = m.networkPolicies().stream()
                    .filter(p -> selects(p.getSpec().getPodSelector(), labels))
                    .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
                    .flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).stream())
                    .anyMatch(rule -> isEmpty(rule.getFrom()) && portMatches(rule.getPorts(), httpPort, "TCP", pod.container()));
            boolean gateway = d.getMetadata().getName().equals("gateway");
            if (open != gateway) {
                problems.add(d.getMetadata().getName() + (open ? " accepts connections from anywhere"
                        : " (the gateway) is not reachable from outside its namespace"));
            }
        }
        Overlays.assertNoProblems(problems, "public ingress in overlay " + overlay);
    }

    /** A host:port inside the cluster ({@code svc.namespace.svc[.cluster.local]}). */
    record Endpoint(String host, String namespace, int port) {

        static Endpoint ofBootstrap(String servers) {
            String first = servers.split(",")[0].strip();
            int colon = first.lastIndexOf(':');
            return of(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
        }

        static Endpoint ofUrl(String url) {
            URI uri = URI.create(url);
            int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
            return of(uri.getHost(), port);
        }

        private static Endpoint of(String host, int port) {
            String[] parts = host.split("\\.");
            // svc.ns.svc... names a Service in namespace ns; anything else is outside the cluster.
            String namespace = parts.length >= 3 && parts[2].equals("svc") ? parts[1] : null;
            return new Endpoint(host, namespace, port);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static boolean egressAllowed(List<NetworkPolicy> policies, String namespace, int port, String protocol) {
        return policies.stream().filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
                .flatMap(p -> Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).stream())
                .anyMatch(rule -> portMatches(rule.getPorts(), port, protocol, null)
                        && peersMatch(rule.getTo(), namespace));
    }

    private static boolean ingressAllowed(List<NetworkPolicy> policies, String namespace, int port, Container c) {
        return policies.stream().filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
                .flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).stream())
                .anyMatch(rule -> portMatches(rule.getPorts(), port, "TCP", c) && peersMatch(rule.getFrom(), namespace));
    }

    private static boolean portMatches(List<NetworkPolicyPort> ports, int port, String protocol, Container c) {
        if (isEmpty(ports)) {
            return true;
        }
        return ports.stream().anyMatch(p -> protocol.equals(Optional.ofNullable(p.getProtocol()).orElse("TCP"))
                && portNumber(p.getPort(), c) == port);
    }

    private static int portNumber(IntOrString port, Container c) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c == null || c.getPorts() == null ? -1 : c.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName())).mapToInt(p -> p.getContainerPort()).findFirst()
                .orElse(-1);
    }

    /** No peers = anywhere; a namespace (null = outside the cluster) matches a namespaceSelector or an ipBlock. */
    private static boolean peersMatch(List<NetworkPolicyPeer> peers, String namespace) {
        if (isEmpty(peers)) {
            return true;
        }
        return peers.stream().anyMatch(peer -> namespace == null
                ? peer.getIpBlock() != null
                : peer.getNamespaceSelector() != null
                        && selects(peer.getNamespaceSelector(), Map.of(NAMESPACE_LABEL, namespace)));
    }

    private static boolean selectsAll(LabelSelector selector) {
        return selector == null || (isEmpty(selector.getMatchExpressions())
                && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()));
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (!isEmpty(selector.getMatchExpressions())) {
            throw new AssertionError("matchExpressions in network policies are not evaluated by this test: " + selector);
        }
        Map<String, String> wanted = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
        return labels.entrySet().containsAll(wanted.entrySet());
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
