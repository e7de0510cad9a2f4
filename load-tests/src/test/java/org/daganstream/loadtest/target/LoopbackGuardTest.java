package org.daganstream.loadtest.target;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.daganstream.common.config.DaganConfig;
import org.daganstream.loadtest.metrics.MetricsEndpoint;
import org.junit.jupiter.api.Test;

class LoopbackGuardTest {

    @Test
    void acceptsSystemsOnThisMachine() {
        DaganConfig config = DaganConfig.of(Map.of("kafka.bootstrap.servers", "localhost:9092,PLAINTEXT://127.0.0.1:9093",
                "s3.endpoint", "http://127.0.0.1:9000"));
        assertDoesNotThrow(() -> LoopbackGuard.check(config,
                List.of(MetricsEndpoint.parse("generator=http://127.0.0.1:8084/metrics"))));
    }

    @Test
    void refusesEveryAddressOffThisMachineByName() {
        DaganConfig config = DaganConfig.of(Map.of("kafka.bootstrap.servers", "10.1.2.3:9092",
                "s3.endpoint", "http://192.0.2.10:9000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoopbackGuard.check(config,
                List.of(MetricsEndpoint.parse("http://198.51.100.7:8080"))));
        assertTrue(e.getMessage().contains("kafka.bootstrap.servers host 10.1.2.3"), e.getMessage());
        assertTrue(e.getMessage().contains("s3.endpoint host 192.0.2.10"), e.getMessage());
        assertTrue(e.getMessage().contains("198.51.100.7"), e.getMessage());
    }

    @Test
    void missingSettingsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoopbackGuard.check(DaganConfig.of(Map.of()), List.of()));
        assertTrue(e.getMessage().contains("kafka.bootstrap.servers"), e.getMessage());
    }

    @Test
    void hostsAreTakenFromServerSpecs() {
        assertEquals("broker", LoopbackGuard.hostOfServer("SASL_SSL://broker:9093"));
        assertEquals("::1", LoopbackGuard.hostOfServer("[::1]:9092"));
        assertEquals("localhost", LoopbackGuard.hostOfServer("localhost"));
    }

    @Test
    void metricsEndpointsDefaultToTheMetricsPath() {
        MetricsEndpoint e = MetricsEndpoint.parse("http://127.0.0.1:8081");
        assertEquals("/metrics", e.uri().getPath());
        assertEquals("127.0.0.1:8081", e.name());
        assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.parse("ftp://x/metrics"));
    }
}
