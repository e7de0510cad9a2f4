package org.daganstream.assembler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.junit.jupiter.api.Test;

class AssemblerSettingsTest {

    @Test
    void defaultsAndOverridesFromEnvironmentNames() {
        DaganConfig config = DaganConfig.builder()
                .env(Map.of("DAGAN_ASSEMBLER_STALL_TIMEOUT", "90s", "DAGAN_ASSEMBLER_MUX_THREADS", "2",
                        "DAGAN_TOPIC_REENACTMENTS", "custom.results"))
                .build();
        AssemblerSettings s = AssemblerSettings.fromConfig(config);
        assertEquals("dagan-assembler", s.applicationId());
        assertEquals(Duration.ofSeconds(90), s.tracker().stallTimeout());
        assertEquals(2, s.mux().threads());
        assertEquals("custom.results", s.topics().reenactments());
        assertEquals("dagan.frames.generated", s.topics().generated());
        assertEquals("libopenh264", s.video().codecName());
        assertEquals(10, s.tracker().progressEveryFrames());
    }

    @Test
    void badValuesNameTheKey() {
        ConfigException notADuration = assertThrows(ConfigException.class, () -> AssemblerSettings.fromConfig(
                DaganConfig.builder().env(Map.of("DAGAN_ASSEMBLER_STALL_TIMEOUT", "soon")).build()));
        assertTrue(notADuration.getMessage().contains("assembler.stall.timeout"), notADuration.getMessage());
        assertTrue(notADuration.getMessage().contains("DAGAN_ASSEMBLER_STALL_TIMEOUT"), notADuration.getMessage());

        ConfigException ttl = assertThrows(ConfigException.class, () -> AssemblerSettings.fromConfig(
                DaganConfig.of(Map.of("assembler.stall.timeout", "2h", "assembler.state.ttl", "1h"))));
        assertTrue(ttl.getMessage().contains("assembler.state.ttl"), ttl.getMessage());

        ConfigException bpp = assertThrows(ConfigException.class, () -> AssemblerSettings.fromConfig(
                DaganConfig.of(Map.of("assembler.video.bits.per.pixel", "0"))));
        assertTrue(bpp.getMessage().contains("assembler.video.bits.per.pixel"), bpp.getMessage());

        ConfigException threads = assertThrows(ConfigException.class, () -> AssemblerSettings.fromConfig(
                DaganConfig.of(Map.of("assembler.mux.threads", "0"))));
        assertTrue(threads.getMessage().contains("assembler.mux.threads"), threads.getMessage());
    }
}
