package org.daganstream.motion;

/**
 * How a job's driving keypoints are turned into the keypoints the generator sees (MODEL.md, normalize_kp).
 *
 * @param relative    move the source keypoints by the driving frame's movement relative to the anchor frame;
 *                    when false the driving keypoints pass unchanged ("absolute" mode)
 * @param adaptScale  scale that movement by sqrt(hull area of source) / sqrt(hull area of anchor); only used in
 *                    relative mode, like the reference
 * @param anchorFrame driving frame index whose keypoints are the motion origin (the reference uses frame 0)
 */
public record MotionSettings(boolean relative, boolean adaptScale, int anchorFrame) {

    /** The reference demo's recommended run: relative motion, adapted scale, first frame as anchor. */
    public static final MotionSettings DEFAULT = new MotionSettings(true, true, 0);

    public MotionSettings {
        if (anchorFrame < 0) {
            throw new IllegalArgumentException("anchorFrame must be >= 0, got " + anchorFrame);
        }
    }

    /** True when the anchor frame's keypoints are needed before any driving frame can be normalised. */
    public boolean needsAnchor() {
        return relative;
    }
}
