package org.daganstream.ingest;

import java.util.Locale;
import java.util.Map;

import org.bytedeco.ffmpeg.global.avutil;
import org.daganstream.common.config.ConfigException;

/**
 * FFmpeg's own logging (stderr) for the process, from {@code ingest.ffmpeg.log.level}: quiet, panic, fatal, error
 * (default: only real problems, no per-file stream dumps), warning, info, verbose, debug.
 */
final class FfmpegLogLevel {

    private static final Map<String, Integer> LEVELS = Map.of(
            "quiet", avutil.AV_LOG_QUIET, "panic", avutil.AV_LOG_PANIC, "fatal", avutil.AV_LOG_FATAL,
            "error", avutil.AV_LOG_ERROR, "warning", avutil.AV_LOG_WARNING, "info", avutil.AV_LOG_INFO,
            "verbose", avutil.AV_LOG_VERBOSE, "debug", avutil.AV_LOG_DEBUG);

    private FfmpegLogLevel() {
    }

    static void apply(String name) {
        Integer level = LEVELS.get(name.toLowerCase(Locale.ROOT));
        if (level == null) {
            throw new ConfigException("ingest.ffmpeg.log.level=" + name + " is not one of " + LEVELS.keySet());
        }
        avutil.av_log_set_level(level);
    }
}
