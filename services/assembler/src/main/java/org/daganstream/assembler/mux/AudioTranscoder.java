package org.daganstream.assembler.mux;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Re-encodes a file's audio track to AAC in an audio-only MP4 (.m4a), for driving videos whose audio codec MP4
 * cannot carry (e.g. A-law or 8-bit PCM in AVI or Matroska). Decoded sample blocks stream through one at a time.
 * The result starts at the driving video's first frame and stops at {@code maxSeconds}.
 */
final class AudioTranscoder {

    private AudioTranscoder() {
    }

    /** @return false when {@code source} has no audio */
    static boolean toAac(Path source, Path target, double maxSeconds, int bitrate) {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
            grabber.start();
            if (grabber.getAudioChannels() < 1) {
                return false;
            }
            long startMicros = videoStartMicros(grabber.getFormatContext());
            long endMicros = startMicros + Math.round(maxSeconds * 1_000_000);
            FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), grabber.getAudioChannels());
            try {
                recorder.setFormat("mp4");
                recorder.setAudioCodec(AV_CODEC_ID_AAC);
                recorder.setSampleRate(grabber.getSampleRate());
                recorder.setAudioBitrate(bitrate);
                recorder.start();
                Frame samples;
                while ((samples = grabber.grabSamples()) != null) {
                    if (samples.timestamp < startMicros) {
                        continue;
                    }
                    if (samples.timestamp >= endMicros) {
                        break;
                    }
                    recorder.recordSamples(samples.sampleRate, samples.audioChannels, samples.samples);
                }
                recorder.stop();
            } finally {
                recorder.release();
            }
            return true;
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new MuxException("re-encoding the driving video's audio to AAC failed: " + e.getMessage(), e, false);
        }
    }

    private static long videoStartMicros(AVFormatContext ctx) {
        for (int i = 0; i < ctx.nb_streams(); i++) {
            AVStream s = ctx.streams(i);
            if (s.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO && s.start_time() != AV_NOPTS_VALUE) {
                return av_rescale_q(s.start_time(), s.time_base(), microseconds());
            }
        }
        return 0;
    }

    private static AVRational microseconds() {
        return avutil.av_make_q(1, 1_000_000);
    }
}
