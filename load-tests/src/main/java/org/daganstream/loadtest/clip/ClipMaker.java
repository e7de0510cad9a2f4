package org.daganstream.loadtest.clip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.daganstream.cli.examples.ExampleMedia;

/**
 * Makes the synthetic inputs with the project's own deterministic cartoon-face renderer (the CLI's example media):
 * a neutral source face and a driving clip of another face that sways, nods, blinks and talks. The same spec gives
 * the same pixels, so runs are comparable; files are reused when already present in the folder.
 */
public final class ClipMaker {

    private ClipMaker() {
    }

    /** Writes (or reuses) {@code source-<size>px.png} and {@code driving-<slug>.mp4} in {@code dir}. */
    public static Clip make(Path dir, ClipSpec spec) {
        try {
            Files.createDirectories(dir);
            Path source = dir.resolve("source-" + spec.size() + "px.png");
            Path driving = dir.resolve("driving-" + spec.slug() + ".mp4");
            if (!nonEmpty(source)) {
                Path tmp = Files.createTempFile(dir, "source-", ".png.tmp");
                ExampleMedia.writeSourceImage(tmp, spec.size());
                Files.move(tmp, source, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            if (!nonEmpty(driving)) {
                // FFmpeg picks the container from the extension: keep ".mp4" last.
                Path tmp = dir.resolve(".tmp-" + ProcessHandle.current().pid() + "-" + driving.getFileName());
                ExampleMedia.writeDrivingVideo(tmp,
                        new ExampleMedia.Spec(spec.size(), spec.frames(), spec.fps(), spec.audio()));
                Files.move(tmp, driving, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Clip(spec, source, driving);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the synthetic clip into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean nonEmpty(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }
}
