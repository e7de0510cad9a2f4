package org.daganstream.motion;

import org.daganstream.avro.FrameDescriptor;
import org.daganstream.avro.FrameRole;
import org.daganstream.avro.MotionOptions;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.kafka.FrameKeys;

/**
 * Checks everything about one frame that needs no job state, so bad records are rejected before the repartition
 * and the stateful step only sees frames it can use.
 */
final class FrameValidator {

    private final KeypointNormalizer normalizer = new KeypointNormalizer();
    /** Required keypoint count, or 0 to accept any count that is consistent within a job. */
    private final int expectedNumKp;

    FrameValidator(int expectedNumKp) {
        this.expectedNumKp = expectedNumKp;
    }

    /**
     * @return the frame's keypoints, validated
     * @throws InvalidFrameException naming the field that is wrong
     */
    KeypointSet validate(FrameDescriptor frame) {
        if (!BlobKeys.isValidJobId(frame.getJobId())) {
            throw new InvalidFrameException("frame has an invalid jobId '" + frame.getJobId() + "'");
        }
        String what = (frame.getRole() == FrameRole.SOURCE ? "source frame"
                : "driving frame " + frame.getFrameIndex()) + " of job " + frame.getJobId();
        if (frame.getRole() == FrameRole.SOURCE && frame.getFrameIndex() != FrameKeys.SOURCE_INDEX) {
            throw new InvalidFrameException(what + " has frameIndex " + frame.getFrameIndex()
                    + "; the source image must have frameIndex " + FrameKeys.SOURCE_INDEX);
        }
        if (frame.getFrameCount() <= 0) {
            throw new InvalidFrameException(what + " has frameCount=" + frame.getFrameCount() + "; must be positive");
        }
        if (frame.getRole() == FrameRole.DRIVING
                && (frame.getFrameIndex() < 0 || frame.getFrameIndex() >= frame.getFrameCount())) {
            throw new InvalidFrameException(what + ": frameIndex must lie in [0, " + frame.getFrameCount() + ")");
        }
        MotionSettings settings = settingsOf(frame);
        if (settings.relative() && settings.anchorFrame() >= frame.getFrameCount()) {
            throw new InvalidFrameException(what + ": motion.anchorFrame=" + settings.anchorFrame()
                    + " is outside the job's " + frame.getFrameCount() + " driving frames");
        }
        if (frame.getKeypoints() == null) {
            throw new InvalidFrameException(what + " has no keypoints; the keypoint stage must set them");
        }
        KeypointSet keypoints;
        try {
            keypoints = KeypointsMapping.fromAvro(frame.getKeypoints());
        } catch (InvalidKeypointsException e) {
            throw new InvalidFrameException(what + ": " + e.getMessage(), e);
        }
        if (expectedNumKp > 0 && keypoints.numKp() != expectedNumKp) {
            throw new InvalidFrameException(what + " has numKp=" + keypoints.numKp()
                    + " but this deployment expects motion.num.kp=" + expectedNumKp);
        }
        if (isAnchor(frame, settings)) {
            try {
                normalizer.validateAnchor(keypoints);
            } catch (InvalidKeypointsException e) {
                throw new InvalidFrameException(what + ": " + e.getMessage(), e);
            }
        }
        return keypoints;
    }

    /** The job's motion settings as this frame carries them (schema defaults when absent). */
    static MotionSettings settingsOf(FrameDescriptor frame) {
        MotionOptions options = frame.getMotion();
        if (options == null) {
            return MotionSettings.DEFAULT;
        }
        if (options.getAnchorFrame() < 0) {
            throw new InvalidFrameException("frame " + frame.getFrameIndex() + " of job " + frame.getJobId()
                    + " has motion.anchorFrame=" + options.getAnchorFrame() + "; must be >= 0");
        }
        return new MotionSettings(options.getRelative(), options.getAdaptScale(), options.getAnchorFrame());
    }

    /** True for the driving frame relative motion measures movement from. */
    static boolean isAnchor(FrameDescriptor frame, MotionSettings settings) {
        return frame.getRole() == FrameRole.DRIVING && settings.needsAnchor()
                && frame.getFrameIndex() == settings.anchorFrame();
    }
}
