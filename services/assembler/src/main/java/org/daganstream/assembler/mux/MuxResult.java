package org.daganstream.assembler.mux;

/**
 * What the muxer wrote for a job.
 *
 * @param videoKey blob key of the MP4 ({@code results/{jobId}/video.mp4}); null for PNG output
 * @param framesPrefix key prefix of the PNG frames ({@code results/{jobId}/frames/}); null for MP4 output
 * @param frameCount frames written
 * @param fps frame rate of the video
 * @param hasAudio whether the video carries the driving video's audio
 */
public record MuxResult(String videoKey, String framesPrefix, int frameCount, double fps, boolean hasAudio) {
}
