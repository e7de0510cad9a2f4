package org.daganstream.assembler.mux;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;

import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/** A media file opened with libavformat for reading packets (no decoding). Close it to free the native context. */
final class MediaInput implements AutoCloseable {

    private final AVFormatContext context;
    private final Path file;

    private MediaInput(AVFormatContext context, Path file) {
        this.context = context;
        this.file = file;
    }

    static MediaInput open(Path file) {
        AVFormatContext ctx = new AVFormatContext(null);
        FfmpegErrors.check(avformat_open_input(ctx, file.toString(), null, (AVDictionary) null),
                "opening " + file.getFileName());
        MediaInput input = new MediaInput(ctx, file);
        try {
            FfmpegErrors.check(avformat_find_stream_info(ctx, (PointerPointer<?>) null),
                    "reading stream info of " + file.getFileName());
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
        return input;
    }

    /** Index of the best stream of {@code mediaType} (an {@code AVMEDIA_TYPE_*}), or -1 when there is none. */
    int bestStream(int mediaType) {
        int index = av_find_best_stream(context, mediaType, -1, -1, (PointerPointer<?>) null, 0);
        return index < 0 ? -1 : index;
    }

    AVStream stream(int index) {
        return context.streams(index);
    }

    /**
     * Reads the next packet of stream {@code streamIndex} into {@code packet}, skipping other streams.
     *
     * @return false at the end of the file
     */
    boolean next(AVPacket packet, int streamIndex) {
        while (true) {
            int ret = av_read_frame(context, packet);
            if (ret == AVERROR_EOF) {
                return false;
            }
            FfmpegErrors.check(ret, "reading " + file.getFileName());
            if (packet.stream_index() == streamIndex) {
                return true;
            }
            av_packet_unref(packet);
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        avformat_close_input(context);
    }
}
