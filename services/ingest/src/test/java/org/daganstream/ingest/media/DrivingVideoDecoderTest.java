package org.daganstream.ingest.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.daganstream.ingest.InputRejectedException;
import org.daganstream.ingest.TestMedia;
import org.daganstream.ingest.TestMedia.VideoSpec;
import org.daganstream.ingest.resize.SkimageResize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrivingVideoDecoderTest {

    private static final Limits LIMITS = new Limits(640, 480, 50, 10_000_000);
    private static final String LABEL = "driving video s3://dagan/uploads/j1/drive.mp4";

    @TempDir
    static Path dir;
    static Path withAudio;

    @BeforeAll
    static void makeVideo() {
        withAudio = TestMedia.writeMp4(dir.resolve("audio.mp4"), VideoSpec.of(96, 64, 12).withAudio().withFps(30));
    }

    private static List<int[]> decode(Path file, Limits limits, DrivingVideoDecoder.VideoInfo[] info) throws Exception {
        List<int[]> frames = new ArrayList<>();
        info[0] = new DrivingVideoDecoder(limits).decode(file, LABEL, (index, frame) -> {
            assertEquals(frames.size(), index);
            frames.add(new int[] {frame.width(), frame.height(), frame.get(0, 0, 0), frame.get(frame.height() - 1,
                    frame.width() - 1, 1)});
        });
        return frames;
    }

    @Test
    void decodesEveryFrameWithFpsSizeAndAudio() throws Exception {
        var info = new DrivingVideoDecoder.VideoInfo[1];
        List<int[]> frames = decode(withAudio, LIMITS, info);
        assertEquals(12, frames.size());
        assertEquals(12, info[0].frameCount());
        assertEquals(30.0, info[0].fps(), 1e-6);
        assertEquals(96, info[0].width());
        assertEquals(64, info[0].height());
        assertTrue(info[0].hasAudio());
        assertEquals(0, info[0].rotation());
        assertEquals("mpeg4", info[0].codec());
        // The pattern has red 0 at the left edge and green 255 at the bottom edge (lossy, so roughly).
        assertTrue(frames.get(0)[2] < 30, "red at (0,0) was " + frames.get(0)[2]);
        assertTrue(frames.get(0)[3] > 220, "green at the bottom right was " + frames.get(0)[3]);
    }

    @Test
    void reportsNoAudioWhenThereIsNone() throws Exception {
        Path silent = TestMedia.writeMp4(dir.resolve("silent.mp4"), VideoSpec.of(32, 32, 3));
        var info = new DrivingVideoDecoder.VideoInfo[1];
        decode(silent, LIMITS, info);
        assertFalse(info[0].hasAudio());
        assertEquals(25.0, info[0].fps(), 1e-6);
    }

    @Test
    void turnsFramesUprightLikeTheFfmpegCommandLine() throws Exception {
        // Display matrix rotating 90 degrees counter-clockwise: ffmpeg -i turns the 96x64 frames into 64x96.
        Path rotated = TestMedia.writeMp4(dir.resolve("rotated.mp4"), VideoSpec.of(96, 64, 2).withDisplayRotation(90));
        var info = new DrivingVideoDecoder.VideoInfo[1];
        List<int[]> frames = decode(rotated, LIMITS, info);
        assertEquals(270, info[0].rotation());
        assertEquals(64, info[0].width());
        assertEquals(96, info[0].height());
        assertArrayEquals(new int[] {64, 96}, new int[] {frames.get(0)[0], frames.get(0)[1]});
    }

    @Test
    void rejectsATruncatedVideo() {
        Path full = TestMedia.writeMp4(dir.resolve("full.mp4"), VideoSpec.of(64, 48, 30).withFastStart());
        Path cut = TestMedia.write(dir.resolve("cut.mp4"), TestMedia.truncate(full, 0.6));
        var e = assertThrows(InputRejectedException.class, () -> decode(cut, LIMITS, new DrivingVideoDecoder.VideoInfo[1]));
        assertEquals("truncated-video", e.category());
        assertTrue(e.getMessage().contains("lists 30 frames but only"), e.getMessage());
        assertTrue(e.getMessage().startsWith(LABEL), e.getMessage());
    }

    @Test
    void rejectsAVideoCutBeforeItsIndex() {
        Path cut = TestMedia.write(dir.resolve("cut-early.mp4"), TestMedia.truncate(withAudio, 0.5));
        var e = assertThrows(InputRejectedException.class, () -> decode(cut, LIMITS, new DrivingVideoDecoder.VideoInfo[1]));
        assertEquals("corrupt-video", e.category());
        assertTrue(e.getMessage().contains("Invalid data found when processing input"), e.getMessage());
        assertFalse(e.getMessage().contains(dir.toString()), "no local paths in user messages: " + e.getMessage());
    }

    @Test
    void rejectsGarbageAndEmptyFiles() {
        Path garbage = TestMedia.write(dir.resolve("garbage.mp4"), new byte[4096]);
        var e = assertThrows(InputRejectedException.class, () -> decode(garbage, LIMITS, new DrivingVideoDecoder.VideoInfo[1]));
        assertEquals("corrupt-video", e.category());
        assertTrue(e.getMessage().contains("in no recognised video format"), e.getMessage());

        Path empty = TestMedia.write(dir.resolve("empty.mp4"), new byte[0]);
        var e2 = assertThrows(InputRejectedException.class, () -> decode(empty, LIMITS, new DrivingVideoDecoder.VideoInfo[1]));
        assertTrue(e2.getMessage().contains("empty file"), e2.getMessage());
    }

    @Test
    void rejectsAVideoWithoutFrames() {
        Path none = TestMedia.writeMp4(dir.resolve("none.mp4"), VideoSpec.of(32, 32, 0));
        var e = assertThrows(InputRejectedException.class, () -> decode(none, LIMITS, new DrivingVideoDecoder.VideoInfo[1]));
        assertTrue(e.category().equals("no-frames") || e.category().equals("corrupt-video"), e.category());
        assertTrue(e.getMessage().contains("no decodable video frames") || e.getMessage().contains("could not be opened"),
                e.getMessage());
    }

    @Test
    void rejectsAnImageGivenAsTheVideo() {
        Path png = TestMedia.write(dir.resolve("face.png"), TestMedia.png(TestMedia.rgbImage(40, 30)));
        var e = assertThrows(InputRejectedException.class, () -> decode(png, LIMITS, new DrivingVideoDecoder.VideoInfo[1]));
        assertEquals("image-as-video", e.category());
        assertTrue(e.getMessage().contains("is a PNG image, not a video"), e.getMessage());
    }

    @Test
    void rejectsTooManyFramesAndTooLargeFrames() {
        var fewFrames = new Limits(640, 480, 5, 10_000_000);
        var e = assertThrows(InputRejectedException.class, () -> decode(withAudio, fewFrames, new DrivingVideoDecoder.VideoInfo[1]));
        assertEquals("too-many-frames", e.category());
        assertTrue(e.getMessage().contains("more than 5 frames"), e.getMessage());

        var small = new Limits(80, 480, 50, 10_000_000);
        var e2 = assertThrows(InputRejectedException.class, () -> decode(withAudio, small, new DrivingVideoDecoder.VideoInfo[1]));
        assertEquals("video-too-large", e2.category());
        assertTrue(e2.getMessage().contains("96x64"), e2.getMessage());
    }

    @Test
    void sinkFailuresPassThroughUnchanged() {
        var boom = new IllegalStateException("disk full");
        var e = assertThrows(IllegalStateException.class, () -> new DrivingVideoDecoder(LIMITS).decode(withAudio, LABEL,
                (i, f) -> {
                    throw boom;
                }));
        assertEquals(boom, e);
    }

    @Test
    void clockwiseRotationFollowsTheCommandLine() {
        assertEquals(0, DrivingVideoDecoder.clockwiseRotation(0));
        assertEquals(270, DrivingVideoDecoder.clockwiseRotation(90));
        assertEquals(90, DrivingVideoDecoder.clockwiseRotation(-90));
        assertEquals(180, DrivingVideoDecoder.clockwiseRotation(180));
        assertEquals(0, DrivingVideoDecoder.clockwiseRotation(45));
        assertEquals(0, DrivingVideoDecoder.clockwiseRotation(Double.NaN));
    }

    @Test
    void framesResizeToTheModelSize() throws Exception {
        List<float[]> frames = TestMedia.expectedFrames(withAudio);
        assertEquals(12, frames.size());
        assertEquals(3 * SkimageResize.MODEL_SIZE * SkimageResize.MODEL_SIZE, frames.get(0).length);
    }
}
