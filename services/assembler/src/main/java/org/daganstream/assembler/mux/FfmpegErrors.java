package org.daganstream.assembler.mux;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** Turns FFmpeg's negative return codes into {@link MuxException}s with FFmpeg's own wording. */
final class FfmpegErrors {

    private FfmpegErrors() {
    }

    /** @return {@code ret} when it is not an error */
    static int check(int ret, String what) {
        if (ret < 0) {
            throw new MuxException(what + " failed: " + describe(ret) + " (FFmpeg error " + ret + ")", false);
        }
        return ret;
    }

    static String describe(int code) {
        byte[] buffer = new byte[256];
        if (av_strerror(code, buffer, buffer.length) < 0) {
            return "unknown error";
        }
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }
}
