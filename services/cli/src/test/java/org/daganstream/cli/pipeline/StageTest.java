package org.daganstream.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.daganstream.cli.CliFailure;
import org.daganstream.cli.command.ServeCommandAccess;
import org.daganstream.common.config.DaganConfig;
import org.junit.jupiter.api.Test;

class StageTest {

    @Test
    void parsesNamesAndAliasesInPipelineOrder() {
        assertEquals(List.of(Stage.INGEST, Stage.DEPTH, Stage.GENERATOR),
                Stage.parseList("generator-worker, depth,ingest,depth"));
        assertEquals(Stage.all(), Stage.parseList("all"));
        assertEquals(Stage.KEYPOINT, Stage.parse("Keypoints"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stage.parseList("depth,paint"));
        assertTrue(e.getMessage().contains("paint") && e.getMessage().contains("generator"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Stage.parseList(" , "));
    }

    @Test
    void stageKeysOverrideSharedOnes() {
        DaganConfig shared = DaganConfig.of(Map.of("inference.intra.op.threads", "1",
                "stage.generator.inference.intra.op.threads", "2"));
        assertEquals(2, StageConfigs.forStage(shared, Stage.GENERATOR).getInt("inference.intra.op.threads", 0));
        assertEquals(1, StageConfigs.forStage(shared, Stage.DEPTH).getInt("inference.intra.op.threads", 0));
    }

    @Test
    void servedStagesGetConsecutiveHealthPorts() {
        DaganConfig shared = DaganConfig.of(Map.of("http.port", "9000", "stage.motion.http.port", "9100"));
        assertEquals(9000, ServeCommandAccess.port(shared, Stage.DEPTH, 0, 3));
        assertEquals(9100, ServeCommandAccess.port(shared, Stage.MOTION, 1, 3));
        assertEquals(9002, ServeCommandAccess.port(shared, Stage.GENERATOR, 2, 3));
        assertEquals(9000, ServeCommandAccess.port(shared, Stage.GENERATOR, 0, 1));
        assertEquals(0, ServeCommandAccess.port(DaganConfig.of(Map.of("http.port", "0")), Stage.DEPTH, 2, 3));
        assertThrows(CliFailure.class, () -> ServeCommandAccess.port(DaganConfig.of(Map.of("http.port", "65535")),
                Stage.DEPTH, 2, 3));
    }
}
