package org.daganstream.cli.job;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.daganstream.assembler.mux.FrameQuantizer;
import org.daganstream.cli.CliFailure;
import org.daganstream.cli.Failures;
import org.daganstream.common.blob.BlobKeys;
import org.daganstream.common.blob.BlobNotFoundException;
import org.daganstream.common.blob.BlobStore;
import org.daganstream.common.tensor.Tensor;

/** Copies a job's results out of the bucket into local files. */
public final class ResultFiles {

    private final BlobStore blobs;

    public ResultFiles(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** Downloads {@code key} to {@code target} (replaced atomically; parent folders created). */
    public void download(String key, Path target) {
        createParent(target);
        try {
            blobs.download(key, target);
        } catch (BlobNotFoundException e) {
            throw CliFailure.input("the result s3://" + blobs.bucket() + "/" + key + " does not exist (deleted or"
                    + " never written)");
        } catch (RuntimeException e) {
            throw CliFailure.infra("could not download s3://" + blobs.bucket() + "/" + key + ": "
                    + Failures.message(e), e);
        }
    }

    /** Downloads every object under {@code prefix} into {@code dir}, keeping the names; returns how many. */
    public int downloadAll(String prefix, Path dir) {
        List<String> keys = blobs.list(prefix);
        for (String key : keys) {
            download(key, dir.resolve(key.substring(prefix.length())));
        }
        return keys.size();
    }

    /**
     * Writes the job's generated frames ({@code jobs/{jobId}/generated/*}, float32 3xHxW in [0,1]) as
     * {@code 000000.png}, {@code 000001.png}, ... quantised exactly like the video ({@code rint(x*255)}, clipped).
     *
     * @return the files written, in frame order
     */
    public List<Path> writeGeneratedPngs(String jobId, int frameCount, Path dir) {
        createDir(dir);
        Path[] written = new Path[frameCount];
        for (int i = 0; i < frameCount; i++) {
            String key = BlobKeys.generated(jobId, i);
            Tensor frame;
            try {
                frame = blobs.getTensor(key);
            } catch (BlobNotFoundException e) {
                throw CliFailure.input("generated frame " + i + " of job " + jobId + " (s3://" + blobs.bucket() + "/"
                        + key + ") does not exist");
            }
            written[i] = writePng(frame, dir.resolve(String.format(Locale.ROOT, "%06d.png", i)), key);
        }
        return List.of(written);
    }

    static Path writePng(Tensor chw, Path file, String what) {
        int[] shape = chw.shape();
        if (shape.length != 3 || shape[0] != 3) {
            throw CliFailure.infra(what + " has shape " + Arrays.toString(shape) + "; expected [3,H,W]", null);
        }
        int height = shape[1];
        int width = shape[2];
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        byte[] rgb = new byte[width * height * 3];
        FrameQuantizer.toRgb(chw.data(), width, height, rgb, width * 3, 0);
        for (int p = 0; p < rgb.length; p += 3) {
            // TYPE_3BYTE_BGR stores blue first
            pixels[p] = rgb[p + 2];
            pixels[p + 1] = rgb[p + 1];
            pixels[p + 2] = rgb[p];
        }
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw CliFailure.infra("could not write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static void createParent(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            createDir(parent);
        }
    }

    private static void createDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CliFailure.input("cannot create folder " + dir + ": " + e.getMessage());
        }
    }
}
