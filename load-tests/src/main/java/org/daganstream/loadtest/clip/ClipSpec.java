package org.daganstream.loadtest.clip;

/**
 * The synthetic input of a load run: a source face and a driving clip of {@code frames} frames.
 *
 * @param size   width and height in pixels (even, at least 64; the model works at 256)
 * @param frames driving frames
 * @param fps    driving frame rate
 * @param audio  whether the driving clip carries an audio track (the assembler then muxes it into the result)
 */
public record ClipSpec(int size, int frames, double fps, boolean audio) {

    /** The most frames a load clip may have (the load generator is bounded in what it creates). */
    public static final int MAX_FRAMES = 100_000;

    public ClipSpec {
        if (size < 64 || size > 2048 || size % 2 != 0) {
            throw new IllegalArgumentException("clip size must be even and within 64..2048 pixels, got " + size);
        }
        if (frames < 1 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException("clip frames must be within 1.." + MAX_FRAMES + ", got " + frames);
        }
        if (!(fps > 0 && fps <= 120)) {
            throw new IllegalArgumentException("clip fps must be in (0, 120], got " + fps);
        }
    }

    /** A file-name-safe description, so clips with different specs live side by side in one cache folder. */
    public String slug() {
        return size + "px-" + frames + "f-" + (fps == Math.rint(fps) ? Integer.toString((int) fps) : Double.toString(fps))
                + "fps" + (audio ? "-audio" : "");
    }
}
