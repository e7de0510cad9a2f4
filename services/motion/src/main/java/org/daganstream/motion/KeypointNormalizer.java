package org.daganstream.motion;

/**
 * The reference's normalize_kp (MODEL.md): turns a driving frame's keypoints into the keypoints the generator is
 * driven with, given the source image's keypoints and the job's anchor driving frame.
 *
 * <ul>
 *   <li>relative: {@code value = (driving - anchor) * scale + source} and
 *       {@code jacobian = J_driving @ inv(J_anchor) @ J_source} (closed-form 2x2 inverse);</li>
 *   <li>adapt scale (relative only): {@code scale = sqrt(area(hull(source))) / sqrt(area(hull(anchor)))},
 *       otherwise 1;</li>
 *   <li>absolute: the driving keypoints pass unchanged.</li>
 * </ul>
 *
 * Degenerate hulls: the reference's qhull throws when a point set is flat (all keypoints on one line or fewer
 * than three distinct points). Here, when either hull's area is at most {@link #MIN_HULL_AREA}, the ratio is
 * meaningless, so the scale falls back to 1 (plain relative motion) instead of failing the job.
 *
 * <p>Pure and deterministic: arithmetic in double, rounded to float once at the end, so equal inputs always give
 * bit-identical outputs. Stateless and thread-safe.
 */
public final class KeypointNormalizer {

    /** Hull areas at or below this (in the [-1, 1] keypoint square, area up to 4) count as degenerate. */
    public static final double MIN_HULL_AREA = 1e-9;

    /** Anchor jacobians with |det| at or below this cannot be inverted meaningfully. */
    public static final double MIN_ANCHOR_DETERMINANT = 1e-12;

    /**
     * @param anchor may be null in absolute mode, where it is not used
     * @throws InvalidKeypointsException when the sets disagree on numKp or the anchor jacobian is singular
     */
    public KeypointSet normalize(KeypointSet source, KeypointSet anchor, KeypointSet driving, MotionSettings settings) {
        requireSameCount(source, driving, "driving");
        if (!settings.relative()) {
            return driving;
        }
        if (anchor == null) {
            throw new IllegalArgumentException("relative motion needs the anchor frame's keypoints");
        }
        requireSameCount(source, anchor, "anchor");
        validateAnchor(anchor);

        int k = source.numKp();
        double scale = movementScale(source, anchor, settings.adaptScale());
        float[] value = new float[2 * k];
        float[] jacobian = new float[4 * k];
        for (int i = 0; i < k; i++) {
            value[2 * i] = (float) ((driving.x(i) - (double) anchor.x(i)) * scale + source.x(i));
            value[2 * i + 1] = (float) ((driving.y(i) - (double) anchor.y(i)) * scale + source.y(i));

            double a00 = anchor.jac(i, 0, 0), a01 = anchor.jac(i, 0, 1);
            double a10 = anchor.jac(i, 1, 0), a11 = anchor.jac(i, 1, 1);
            double det = a00 * a11 - a01 * a10;
            // inv(A) = [[a11, -a01], [-a10, a00]] / det
            double i00 = a11 / det, i01 = -a01 / det, i10 = -a10 / det, i11 = a00 / det;

            // D = J_driving @ inv(J_anchor)
            double d00 = driving.jac(i, 0, 0) * i00 + driving.jac(i, 0, 1) * i10;
            double d01 = driving.jac(i, 0, 0) * i01 + driving.jac(i, 0, 1) * i11;
            double d10 = driving.jac(i, 1, 0) * i00 + driving.jac(i, 1, 1) * i10;
            double d11 = driving.jac(i, 1, 0) * i01 + driving.jac(i, 1, 1) * i11;

            // D @ J_source
            jacobian[4 * i] = (float) (d00 * source.jac(i, 0, 0) + d01 * source.jac(i, 1, 0));
            jacobian[4 * i + 1] = (float) (d00 * source.jac(i, 0, 1) + d01 * source.jac(i, 1, 1));
            jacobian[4 * i + 2] = (float) (d10 * source.jac(i, 0, 0) + d11 * source.jac(i, 1, 0));
            jacobian[4 * i + 3] = (float) (d10 * source.jac(i, 0, 1) + d11 * source.jac(i, 1, 1));
        }
        return KeypointSet.of(k, value, jacobian);
    }

    /**
     * The factor applied to the driving movement: the ratio of the square roots of the source's and the anchor's
     * convex hull areas when {@code adaptScale}, else 1; also 1 when either hull is degenerate.
     */
    public double movementScale(KeypointSet source, KeypointSet anchor, boolean adaptScale) {
        if (!adaptScale) {
            return 1.0;
        }
        double sourceArea = ConvexHull.area(source.value());
        double anchorArea = ConvexHull.area(anchor.value());
        if (sourceArea <= MIN_HULL_AREA || anchorArea <= MIN_HULL_AREA) {
            return 1.0;
        }
        return Math.sqrt(sourceArea) / Math.sqrt(anchorArea);
    }

    /**
     * Checks that every anchor jacobian can be inverted, so a bad anchor is rejected once, when it arrives,
     * rather than on every frame it would drive.
     */
    public void validateAnchor(KeypointSet anchor) {
        for (int i = 0; i < anchor.numKp(); i++) {
            double det = (double) anchor.jac(i, 0, 0) * anchor.jac(i, 1, 1)
                    - (double) anchor.jac(i, 0, 1) * anchor.jac(i, 1, 0);
            if (!(Math.abs(det) > MIN_ANCHOR_DETERMINANT)) {
                throw new InvalidKeypointsException("anchor jacobian of keypoint " + i + " is singular (det=" + det
                        + "); relative motion cannot use this frame as anchor");
            }
        }
    }

    private static void requireSameCount(KeypointSet source, KeypointSet other, String what) {
        if (other.numKp() != source.numKp()) {
            throw new InvalidKeypointsException(what + " keypoints have numKp=" + other.numKp()
                    + " but the source has numKp=" + source.numKp());
        }
    }
}
