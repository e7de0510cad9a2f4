package org.daganstream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a bundle verifies every file against the manifest; damaged copies are refused naming the file. */
class ModelBundleTest {
    @TempDir
    Path temp;

    @Test
    void opensTheTinyFixture() {
        ModelBundle bundle = ModelBundle.open(TestFixtures.tinyBundle());

        assertEquals(BundleManifest.read(TestFixtures.tinyBundle()).id(), bundle.id());
        assertTrue(Files.isRegularFile(bundle.graphFile(GraphRole.GENERATOR)));
    }

    @Test
    void refusesATamperedGraphNamingFileAndDigests() throws IOException {
        Path copy = TestFixtures.copyOfTinyBundle(temp.resolve("bundle"));
        String expected = BundleManifest.read(copy).graph(GraphRole.GENERATOR).sha256();
        flipOneByte(copy.resolve("generator.onnx"));

        InvalidBundleException error = assertThrows(InvalidBundleException.class, () -> ModelBundle.open(copy));

        String message = error.getMessage();
        assertTrue(message.contains("generator.onnx sha256 mismatch: manifest " + expected.substring(0, 12)), message);
        assertTrue(message.contains(", file " + FileDigests.sha256(copy.resolve("generator.onnx")).substring(0, 12)),
                message);
        assertTrue(message.contains("re-export it"), message);
    }

    @Test
    void refusesATruncatedGraphBySize() throws IOException {
        Path copy = TestFixtures.copyOfTinyBundle(temp.resolve("bundle"));
        Path depth = copy.resolve("depth.onnx");
        long size = Files.size(depth);
        try (RandomAccessFile file = new RandomAccessFile(depth.toFile(), "rw")) {
            file.setLength(size / 2);
        }

        InvalidBundleException error = assertThrows(InvalidBundleException.class, () -> ModelBundle.open(copy));

        assertTrue(error.getMessage().contains("depth.onnx size mismatch: manifest " + size + " bytes, file "
                + size / 2 + " bytes"), error.getMessage());
    }

    @Test
    void refusesAMissingGraphFile() throws IOException {
        Path copy = TestFixtures.copyOfTinyBundle(temp.resolve("bundle"));
        Files.delete(copy.resolve("keypoints.onnx"));

        InvalidBundleException error = assertThrows(InvalidBundleException.class, () -> ModelBundle.open(copy));

        assertTrue(error.getMessage().contains("keypoints.onnx is missing from"), error.getMessage());
    }

    @Test
    void refusesAFolderWithoutManifest() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));

        InvalidBundleException error = assertThrows(InvalidBundleException.class, () -> ModelBundle.open(empty));

        assertTrue(error.getMessage().contains("manifest.json not found"), error.getMessage());
    }

    @Test
    void refusesAMissingFolder() {
        InvalidBundleException error = assertThrows(InvalidBundleException.class,
                () -> ModelBundle.open(temp.resolve("nowhere")));

        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    @Test
    void refusesAnUnsupportedFormatVersionOnDisk() throws IOException {
        Path copy = TestFixtures.copyOfTinyBundle(temp.resolve("bundle"));
        Path manifest = copy.resolve("manifest.json");
        Files.writeString(manifest, BundleManifestTest.tinyManifest().put("format_version", 7).toString());

        InvalidBundleException error = assertThrows(InvalidBundleException.class, () -> ModelBundle.open(copy));

        assertTrue(error.getMessage().contains("format_version 7 is not supported"), error.getMessage());
    }

    /** Inverts one byte in the middle of the file: same size, different digest. */
    static void flipOneByte(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = raf.length() / 2;
            raf.seek(middle);
            int value = raf.read();
            raf.seek(middle);
            raf.write(value ^ 0xFF);
        }
    }
}
