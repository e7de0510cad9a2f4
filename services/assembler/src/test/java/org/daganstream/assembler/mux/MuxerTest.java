package org.daganstream.assembler.mux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.daganstream.assembler.testing.Jobs;
import org.daganstream.assembler.testing.TestFrames;
import org.daganstream.assembler.testing.TestMedia;
import org.daganstream.assembler.tracking.MuxRequest;
import org.daganstream.avro.JobManifest;
import org.daganstream.avro.OutputFormat;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.config.DaganConfig;
import org.daganstream.common.tensor.Tensor;
import org.daganstream.embedded.EmbeddedS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The muxer against a real S3 server and real FFmpeg encoders/decoders. */
class MuxerTest {

    private static final int SIZE = 64;
    private static final int FRAMES = 12;
    private static final double FPS = 12.5;

    private static EmbeddedS3 s3;
    private static BlobStore blobs;

    @TempDir
    Path work;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.startInMemory(0);
        s3.createBucket("dagan");
        blobs = BlobStore.fromConfig(DaganConfig.of(Map.of("s3.endpoint", s3.endpoint(),
                "s3.access.key", s3.accessKey(), "s3.secret.key", s3.secretKey(), "s3.region", s3.region(),
                "s3.bucket", "dagan")));
    }

    @AfterAll
    static void stopS3() {
        blobs.close();
        s3.close();
    }

    private Muxer muxer() {
        return new Muxer(blobs, VideoSettings.defaults(), work.resolve("mux"));
    }

    private static MuxRequest request(JobManifest manifest) {
        return new MuxRequest(manifest, Map.of(), 0, 0);
    }

    private Path download(String key) {
        Path file = work.resolve("download-" + key.replace('/', '_'));
        blobs.download(key, file);
        return file;
    }

    private void assertWorkDirEmpty() throws Exception {
        try (Stream<Path> left = Files.list(work.resolve("mux"))) {
            assertEquals(List.of(), left.toList(), "temporary files are removed");
        }
    }

    @Test
    void encodesEveryGeneratedFrameToH264AtTheDrivingFps() throws Exception {
        TestFrames.upload(blobs, "plain", FRAMES, SIZE);
        MuxResult result = muxer().mux(request(Jobs.manifest("plain", FRAMES, FPS, SIZE)));

        assertEquals("results/plain/video.mp4", result.videoKey());
        assertNull(result.framesPrefix());
        assertFalse(result.hasAudio());
        Path video = download(result.videoKey());
        assertTrue(TestMedia.indexIsAtTheFront(video), "faststart: moov before mdat");
        TestMedia.Probe probe = TestMedia.probe(video, FRAMES);
        assertEquals(FRAMES, probe.videoFrames());
        assertEquals(FPS, probe.fps(), 0.01);
        assertEquals(SIZE, probe.width());
        assertTrue(probe.videoCodec().contains("h264"), probe.videoCodec());
        assertEquals(0, probe.audioChannels());
        // Colours survive the encoding in the right channel order and frame order.
        for (int i = 0; i < FRAMES; i++) {
            double error = meanAbsError(probe.rgbFrames().get(i), expectedRgb(TestFrames.frame(TestFrames.GENERATED, i, SIZE)));
            assertTrue(error < 4.0, "frame " + i + " differs by " + error + " levels on average");
        }
        assertTrue(meanAbsError(probe.rgbFrames().get(0), expectedRgb(TestFrames.frame(TestFrames.GENERATED, 5, SIZE))) > 8,
                "frames are distinguishable, so order is checked");
        assertWorkDirEmpty();
    }

    @Test
    void copiesTheDrivingVideosAacAudio() throws Exception {
        TestFrames.upload(blobs, "aac", FRAMES, SIZE);
        Path driving = work.resolve("driving.mp4");
        TestMedia.drivingVideo(driving, FRAMES, FPS, 96, TestMedia.Audio.AAC);
        assertTrue(AudioMuxer.mp4Carries(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC));
        blobs.put("uploads/aac/drive.mp4", driving);

        MuxResult result = muxer().mux(request(Jobs.manifest("aac", FRAMES, FPS, SIZE,
                Jobs.options(OutputFormat.MP4, false, Map.of()), "uploads/aac/drive.mp4")));

        assertTrue(result.hasAudio());
        Path video = download(result.videoKey());
        assertTrue(TestMedia.indexIsAtTheFront(video), "faststart: moov before mdat");
        TestMedia.Probe probe = TestMedia.probe(video, 0);
        assertEquals(FRAMES, probe.videoFrames());
        assertEquals(FPS, probe.fps(), 0.01);
        assertEquals(1, probe.audioChannels());
        assertEquals("aac", probe.audioCodec());
        double videoSeconds = FRAMES / FPS;
        assertEquals(videoSeconds, probe.audioSeconds(), 0.1, "audio spans the video and is cut at its end");
        assertWorkDirEmpty();
    }

    @Test
    void reencodesAudioThatMp4CannotCarry() throws Exception {
        TestFrames.upload(blobs, "mulaw", FRAMES, SIZE);
        Path driving = work.resolve("driving.avi");
        TestMedia.drivingVideo(driving, FRAMES, FPS, 96, TestMedia.Audio.MULAW_AVI);
        assertFalse(AudioMuxer.mp4Carries(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PCM_MULAW));
        blobs.put("uploads/mulaw/drive.avi", driving);

        MuxResult result = muxer().mux(request(Jobs.manifest("mulaw", FRAMES, FPS, SIZE,
                Jobs.options(OutputFormat.MP4, false, Map.of()), "uploads/mulaw/drive.avi")));

        assertTrue(result.hasAudio());
        TestMedia.Probe probe = TestMedia.probe(download(result.videoKey()), 0);
        assertEquals(FRAMES, probe.videoFrames());
        assertEquals("aac", probe.audioCodec());
        assertEquals(FRAMES / FPS, probe.audioSeconds(), 0.15);
    }

    @Test
    void drivingVideoWithoutAudioGivesASilentVideo() throws Exception {
        TestFrames.upload(blobs, "silent", 3, SIZE);
        Path driving = work.resolve("silent.mp4");
        TestMedia.drivingVideo(driving, 3, FPS, 96, TestMedia.Audio.NONE);
        blobs.put("uploads/silent/drive.mp4", driving);

        MuxResult result = muxer().mux(request(Jobs.manifest("silent", 3, FPS, SIZE,
                Jobs.options(OutputFormat.MP4, false, Map.of()), "uploads/silent/drive.mp4")));

        assertFalse(result.hasAudio());
        assertEquals(3, TestMedia.probe(download(result.videoKey()), 0).videoFrames());
    }

    @Test
    void pngFramesHoldExactlyTheQuantizedPixels() throws Exception {
        TestFrames.upload(blobs, "pngs", 4, SIZE);
        MuxResult result = muxer().mux(request(Jobs.manifest("pngs", 4, FPS, SIZE,
                Jobs.options(OutputFormat.PNG_FRAMES, false, Map.of()), null)));

        assertNull(result.videoKey());
        assertEquals("results/pngs/frames/", result.framesPrefix());
        assertEquals(List.of("results/pngs/frames/000000.png", "results/pngs/frames/000001.png",
                "results/pngs/frames/000002.png", "results/pngs/frames/000003.png"), blobs.list(result.framesPrefix()));
        for (int i = 0; i < 4; i++) {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(blobs.get(Muxer.pngKey("pngs", i))));
            assertEquals(SIZE, png.getWidth());
            assertArrayEquals(expectedRgb(TestFrames.frame(TestFrames.GENERATED, i, SIZE)), rgbOf(png), "frame " + i);
        }
    }

    @Test
    void sideBySideShowsSourceDrivingAndResult() throws Exception {
        TestFrames.upload(blobs, "sbs", 2, SIZE);
        MuxResult pngs = muxer().mux(request(Jobs.manifest("sbs", 2, FPS, SIZE,
                Jobs.options(OutputFormat.PNG_FRAMES, true, Map.of()), null)));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(blobs.get(pngs.framesPrefix() + "000001.png")));
        assertEquals(3 * SIZE, png.getWidth());
        assertEquals(SIZE, png.getHeight());
        assertArrayEquals(expectedRgb(TestFrames.frame(TestFrames.SOURCE, 0, SIZE)), rgbOf(png.getSubimage(0, 0, SIZE, SIZE)));
        assertArrayEquals(expectedRgb(TestFrames.frame(TestFrames.DRIVING, 1, SIZE)),
                rgbOf(png.getSubimage(SIZE, 0, SIZE, SIZE)));
        assertArrayEquals(expectedRgb(TestFrames.frame(TestFrames.GENERATED, 1, SIZE)),
                rgbOf(png.getSubimage(2 * SIZE, 0, SIZE, SIZE)));

        MuxResult video = muxer().mux(request(Jobs.manifest("sbs", 2, FPS, SIZE,
                Jobs.options(OutputFormat.MP4, true, Map.of()), null)));
        TestMedia.Probe probe = TestMedia.probe(download(video.videoKey()), 0);
        assertEquals(3 * SIZE, probe.width());
        assertEquals(SIZE, probe.height());
        assertEquals(2, probe.videoFrames());
    }

    @Test
    void missingGeneratedFrameFailsNamingTheBlob() throws Exception {
        TestFrames.upload(blobs, "gap", 3, SIZE);
        blobs.delete(BlobKeys.generated("gap", 1));
        MuxException e = assertThrows(MuxException.class,
                () -> muxer().mux(request(Jobs.manifest("gap", 3, FPS, SIZE))));
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("jobs/gap/generated/000001"), e.getMessage());
        assertWorkDirEmpty();
    }

    @Test
    void generatedFrameOfTheWrongShapeFailsClearly() {
        TestFrames.upload(blobs, "shape", 1, SIZE);
        blobs.putTensor(BlobKeys.generated("shape", 0), Tensor.zeros(1, SIZE, SIZE));
        MuxException e = assertThrows(MuxException.class,
                () -> muxer().mux(request(Jobs.manifest("shape", 1, FPS, SIZE))));
        assertTrue(e.getMessage().contains("[1, 64, 64]") && e.getMessage().contains("[3, 64, 64]"), e.getMessage());
    }

    static byte[] expectedRgb(Tensor t) {
        int h = t.dim(1);
        int w = t.dim(2);
        float[] d = t.data();
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[i * 3 + c] = (byte) TestFrames.expected(d[c * w * h + i]);
            }
        }
        return rgb;
    }

    static byte[] rgbOf(BufferedImage image) {
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                rgb[n++] = (byte) (p >> 16);
                rgb[n++] = (byte) (p >> 8);
                rgb[n++] = (byte) p;
            }
        }
        return rgb;
    }

    static double meanAbsError(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return sum / (double) a.length;
    }
}
