package org.daganstream.motion;

/** Names this stage uses on the wire. */
final class MotionStage {

    /** Stage name in dead letters, key in {@code stageTimestamps}, metrics service name. */
    static final String NAME = "motion";

    private MotionStage() {
    }
}
