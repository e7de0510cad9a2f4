package org.daganstream.assembler.mux;

import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;

/**
 * How result videos are encoded.
 *
 * @param codecName FFmpeg encoder name ({@code assembler.video.codec}); the LGPL FFmpeg build of JavaCV has
 *     {@code libopenh264} for H.264
 * @param bitsPerPixel target bitrate as bits per pixel per frame ({@code assembler.video.bits.per.pixel}); 0.3 gives
 *     about 490 kbit/s for 256x256 at 25 fps, enough that compression artefacts stay below the model's own
 * @param keyframeSeconds distance between key frames ({@code assembler.video.keyframe.seconds})
 * @param audioBitrate AAC bitrate when the driving audio has to be re-encoded ({@code assembler.audio.bitrate})
 * @param prefetch frame blobs read ahead of the encoder, in parallel ({@code assembler.mux.prefetch}); bounds the
 *     memory a mux holds to about this many frames
 */
public record VideoSettings(String codecName, double bitsPerPixel, double keyframeSeconds, int audioBitrate,
                            int prefetch) {

    public static VideoSettings defaults() {
        return new VideoSettings("libopenh264", 0.3, 2.0, 128_000, 4);
    }

    public static VideoSettings fromConfig(DaganConfig config) {
        VideoSettings d = defaults();
        VideoSettings s = new VideoSettings(config.get("assembler.video.codec", d.codecName()),
                config.getDouble("assembler.video.bits.per.pixel", d.bitsPerPixel()),
                config.getDouble("assembler.video.keyframe.seconds", d.keyframeSeconds()),
                config.getInt("assembler.audio.bitrate", d.audioBitrate(), 8_000, 1_024_000),
                config.getInt("assembler.mux.prefetch", d.prefetch(), 1, 64));
        if (!(s.bitsPerPixel > 0) || s.bitsPerPixel > 24) {
            throw new ConfigException("assembler.video.bits.per.pixel must be in (0, 24], got " + s.bitsPerPixel);
        }
        if (!(s.keyframeSeconds > 0)) {
            throw new ConfigException("assembler.video.keyframe.seconds must be positive, got " + s.keyframeSeconds);
        }
        return s;
    }

    /** Target bitrate for frames of {@code width x height} at {@code fps}. */
    public int bitrate(int width, int height, double fps) {
        double bits = bitsPerPixel * width * height * fps;
        return (int) Math.max(64_000, Math.min(bits, 50_000_000));
    }

    public int gopSize(double fps) {
        return (int) Math.max(1, Math.round(fps * keyframeSeconds));
    }
}
