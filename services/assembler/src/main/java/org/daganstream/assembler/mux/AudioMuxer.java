package org.daganstream.assembler.mux;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_compare_ts;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the driving video's audio next to the encoded video in one MP4, without touching the video packets. The audio
 * packets are copied as they are when MP4 can carry their codec (AAC, MP3, Opus, ...); otherwise the audio is first
 * re-encoded to AAC ({@link AudioTranscoder}). Audio is aligned to the driving video's first frame (the generated
 * frame 0) and cut at the end of the generated video. Packets are interleaved by timestamp while both inputs are read,
 * so memory does not grow with the length of the video.
 */
public final class AudioMuxer {

    private static final Logger LOG = LoggerFactory.getLogger(AudioMuxer.class);

    private AudioMuxer() {
    }

    /**
     * @param video the encoded video-only MP4
     * @param drivingVideo the file holding the audio (normally the driving video itself)
     * @param target the MP4 to write
     * @param videoSeconds duration of the generated video: audio beyond it is cut
     * @param workDir where a re-encoded audio track may be written
     * @return true when the target has an audio stream; false when the driving file has none (target not written)
     */
    public static boolean mux(Path video, Path drivingVideo, Path target, double videoSeconds, VideoSettings settings,
                              Path workDir) {
        try (MediaInput audioIn = MediaInput.open(drivingVideo)) {
            int audioIndex = audioIn.bestStream(AVMEDIA_TYPE_AUDIO);
            if (audioIndex < 0) {
                return false;
            }
            AVStream audio = audioIn.stream(audioIndex);
            int codecId = audio.codecpar().codec_id();
            long offset = videoStartIn(audioIn, audio);
            if (mp4Carries(codecId)) {
                interleave(video, audioIn, audioIndex, offset, target, videoSeconds);
                return true;
            }
            LOG.info("audio codec {} cannot go into MP4; re-encoding it to AAC", avcodec_get_name(codecId).getString());
        }
        Path aac = workDir.resolve("audio.m4a");
        if (!AudioTranscoder.toAac(drivingVideo, aac, videoSeconds, settings.audioBitrate())) {
            return false;
        }
        try (MediaInput audioIn = MediaInput.open(aac)) {
            int audioIndex = audioIn.bestStream(AVMEDIA_TYPE_AUDIO);
            interleave(video, audioIn, audioIndex, 0, target, videoSeconds);
            return true;
        }
    }

    /** Whether the MP4 muxer accepts {@code codecId} as it is. */
    public static boolean mp4Carries(int codecId) {
        AVOutputFormat mp4 = av_guess_format("mp4", null, null);
        return avformat_query_codec(mp4, codecId, org.bytedeco.ffmpeg.global.avcodec.FF_COMPLIANCE_NORMAL) == 1;
    }

    /**
     * Where the driving video's first frame is, in the audio stream's time base: audio before it belongs to no
     * generated frame. Zero when the file has no video stream (an extracted audio track).
     */
    private static long videoStartIn(MediaInput input, AVStream audio) {
        int videoIndex = input.bestStream(AVMEDIA_TYPE_VIDEO);
        if (videoIndex < 0) {
            return 0;
        }
        AVStream v = input.stream(videoIndex);
        if (v.start_time() == AV_NOPTS_VALUE) {
            return 0;
        }
        return av_rescale_q(v.start_time(), v.time_base(), audio.time_base());
    }

    private static void interleave(Path videoFile, MediaInput audioIn, int audioIndex, long audioOffset, Path target,
                                   double videoSeconds) {
        try (MediaInput videoIn = MediaInput.open(videoFile);
             Output out = Output.create(target)) {
            int videoIndex = videoIn.bestStream(AVMEDIA_TYPE_VIDEO);
            if (videoIndex < 0) {
                throw new MuxException("encoded video " + videoFile.getFileName() + " has no video stream", false);
            }
            AVStream vIn = videoIn.stream(videoIndex);
            AVStream aIn = audioIn.stream(audioIndex);
            AVStream vOut = out.addStreamLike(vIn);
            AVStream aOut = out.addStreamLike(aIn);
            out.writeHeader();
            AVRational vTb = vIn.time_base();
            AVRational aTb = aIn.time_base();
            long audioEnd = Math.round(videoSeconds * aTb.den() / (double) aTb.num());

            AVPacket vPkt = av_packet_alloc();
            AVPacket aPkt = av_packet_alloc();
            try {
                boolean haveVideo = videoIn.next(vPkt, videoIndex);
                boolean haveAudio = nextAudio(audioIn, aPkt, audioIndex, audioOffset, audioEnd);
                while (haveVideo || haveAudio) {
                    boolean takeVideo = haveVideo && (!haveAudio
                            || av_compare_ts(order(vPkt), vTb, order(aPkt), aTb) <= 0);
                    if (takeVideo) {
                        out.write(vPkt, vTb, vOut);
                        haveVideo = videoIn.next(vPkt, videoIndex);
                    } else {
                        out.write(aPkt, aTb, aOut);
                        haveAudio = nextAudio(audioIn, aPkt, audioIndex, audioOffset, audioEnd);
                    }
                }
            } finally {
                av_packet_free(vPkt);
                av_packet_free(aPkt);
            }
            out.finish();
        }
    }

    /**
     * Next audio packet shifted so the driving video's first frame is time 0; skips packets that end before it and
     * stops at {@code end}.
     */
    private static boolean nextAudio(MediaInput in, AVPacket pkt, int index, long offset, long end) {
        while (in.next(pkt, index)) {
            long pts = pkt.pts() == AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
            if (pts == AV_NOPTS_VALUE) {
                av_packet_unref(pkt);
                continue;
            }
            long shifted = pts - offset;
            if (shifted >= end) {
                av_packet_unref(pkt);
                return false;
            }
            if (shifted + Math.max(0, pkt.duration()) <= 0) {
                av_packet_unref(pkt);
                continue;
            }
            pkt.pts(pkt.pts() == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : pkt.pts() - offset);
            pkt.dts(pkt.dts() == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : pkt.dts() - offset);
            return true;
        }
        return false;
    }

    private static long order(AVPacket p) {
        return p.dts() != AV_NOPTS_VALUE ? p.dts() : p.pts();
    }

    /** The MP4 being written. */
    private static final class Output implements AutoCloseable {
        private final AVFormatContext context;
        private final Path target;
        private AVIOContext io;
        private boolean finished;

        private Output(AVFormatContext context, Path target) {
            this.context = context;
            this.target = target;
        }

        static Output create(Path target) {
            AVFormatContext ctx = new AVFormatContext(null);
            FfmpegErrors.check(avformat_alloc_output_context2(ctx, null, "mp4", target.toString()),
                    "creating MP4 " + target.getFileName());
            return new Output(ctx, target);
        }

        AVStream addStreamLike(AVStream in) {
            AVStream s = avformat_new_stream(context, null);
            if (s == null) {
                throw new MuxException("cannot add a stream to " + target.getFileName(), false);
            }
            FfmpegErrors.check(avcodec_parameters_copy(s.codecpar(), in.codecpar()), "copying stream parameters");
            // Let the MP4 muxer choose its own tag for the codec.
            s.codecpar().codec_tag(0);
            s.time_base(in.time_base());
            return s;
        }

        void writeHeader() {
            AVIOContext pb = new AVIOContext(null);
            FfmpegErrors.check(avio_open(pb, target.toString(), AVIO_FLAG_WRITE), "opening " + target.getFileName());
            context.pb(pb);
            io = pb;
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "movflags", "+faststart", 0);
            try {
                FfmpegErrors.check(avformat_write_header(context, options), "writing the MP4 header");
            } finally {
                av_dict_free(options);
            }
        }

        void write(AVPacket pkt, AVRational from, AVStream to) {
            pkt.stream_index(to.index());
            av_packet_rescale_ts(pkt, from, to.time_base());
            pkt.pos(-1);
            FfmpegErrors.check(av_interleaved_write_frame(context, pkt), "writing a packet to " + target.getFileName());
        }

        void finish() {
            FfmpegErrors.check(av_write_trailer(context), "finishing " + target.getFileName());
            finished = true;
        }

        @Override
        public void close() {
            if (io != null) {
                avio_closep(io);
            }
            avformat_free_context(context);
            if (!finished) {
                LOG.debug("closed unfinished {}", target.getFileName());
            }
        }
    }
}
