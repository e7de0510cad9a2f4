package org.daganstream.cli;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg prints stream dumps and encoder notes on stderr at INFO/WARNING level; a command-line tool shows only
 * FFmpeg's errors unless {@code --verbose}. Called by the commands that use FFmpeg (loading it costs a moment, so
 * not at start-up).
 */
public final class FfmpegLogging {

    private FfmpegLogging() {
    }

    public static void configure(boolean verbose) {
        avutil.av_log_set_level(verbose ? avutil.AV_LOG_INFO : avutil.AV_LOG_ERROR);
    }
}
