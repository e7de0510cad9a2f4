package org.daganstream.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class MotionServiceHealthTest {

    @Test
    void readyOnlyWhileRunning() {
        assertTrue(MotionService.readiness(State.RUNNING).healthy());
        for (State state : new State[] {State.CREATED, State.REBALANCING, State.PENDING_SHUTDOWN, State.ERROR}) {
            assertFalse(MotionService.readiness(state).healthy(), state.name());
            assertEquals("Kafka Streams is " + state, MotionService.readiness(state).detail());
        }
    }

    @Test
    void deadOnlyAfterAStreamThreadFailed() {
        assertTrue(MotionService.liveness(State.REBALANCING).healthy());
        assertTrue(MotionService.liveness(State.RUNNING).healthy());
        assertFalse(MotionService.liveness(State.PENDING_ERROR).healthy());
        assertFalse(MotionService.liveness(State.ERROR).healthy());
    }
}
