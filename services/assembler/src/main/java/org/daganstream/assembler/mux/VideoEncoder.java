package org.daganstream.assembler.mux;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Encodes RGB frames, one at a time, into an H.264 (yuv420p) MP4 file with FFmpeg. Holds a single native frame
 * buffer, so memory does not depend on the number of frames. Not thread-safe; close it to finish the file.
 */
public final class VideoEncoder implements AutoCloseable {

    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final int width;
    private final int height;
    private int frames;
    private boolean closed;

    /**
     * @throws MuxException when the size is odd (yuv420p needs even sizes) or the encoder cannot start
     */
    public VideoEncoder(Path target, int width, int height, double fps, VideoSettings settings) {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new MuxException("H.264 yuv420p needs even frame sizes; got " + width + "x" + height, false);
        }
        this.width = width;
        this.height = height;
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(target.toFile(), width, height, 0);
        r.setFormat("mp4");
        r.setVideoCodecName(settings.codecName());
        r.setPixelFormat(AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        r.setVideoBitrate(settings.bitrate(width, height, fps));
        r.setGopSize(settings.gopSize(fps));
        // Every generated frame must be in the file: never let the rate control drop one.
        r.setVideoOption("allow_skip_frames", "0");
        // Index at the front so players can start before the whole file arrives.
        r.setOption("movflags", "+faststart");
        try {
            r.start();
        } catch (FrameRecorder.Exception e) {
            release(r);
            throw new MuxException("cannot start the " + settings.codecName() + " encoder for " + width + "x" + height
                    + " at " + fps + " fps: " + e.getMessage(), e, false);
        }
        this.recorder = r;
        this.frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }

    /** Encodes one frame of interleaved RGB, {@code width * 3} bytes per row. */
    public void encode(byte[] rgb) {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("frame has " + rgb.length + " bytes; expected " + width + "x" + height + "x3");
        }
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int rowBytes = width * 3;
        int stride = frame.imageStride;
        for (int y = 0; y < height; y++) {
            buffer.position(y * stride);
            buffer.put(rgb, y * rowBytes, rowBytes);
        }
        buffer.rewind();
        try {
            recorder.record(frame, AV_PIX_FMT_RGB24);
        } catch (FrameRecorder.Exception e) {
            throw new MuxException("encoding frame " + frames + " failed: " + e.getMessage(), e, false);
        }
        frames++;
    }

    public int frames() {
        return frames;
    }

    /** Flushes the encoder and writes the MP4 trailer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new MuxException("finishing the video failed: " + e.getMessage(), e, false);
        } finally {
            release(recorder);
            frame.close();
        }
    }

    private static void release(FFmpegFrameRecorder r) {
        try {
            r.release();
        } catch (FrameRecorder.Exception ignored) {
            // already failing or closed: nothing more to free
        }
    }
}
