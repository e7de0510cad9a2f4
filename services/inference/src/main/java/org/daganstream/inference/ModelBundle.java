package org.daganstream.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A verified model bundle folder: its manifest parsed and validated, every graph file present with the size and
 * SHA-256 the manifest records. Opening is the only place a bundle is trusted, so a modified or half-copied bundle
 * never reaches ONNX Runtime. Sessions are opened per graph, each stage loading only what it runs.
 */
public final class ModelBundle {
    private final Path directory;
    private final BundleManifest manifest;

    private ModelBundle(Path directory, BundleManifest manifest) {
        this.directory = directory;
        this.manifest = manifest;
    }

    /**
     * Opens and verifies the bundle in {@code directory}.
     *
     * @throws InvalidBundleException naming the first file that is missing or does not match, or the manifest problem
     */
    public static ModelBundle open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new InvalidBundleException("model bundle folder " + dir + " does not exist or is not a folder");
        }
        BundleManifest manifest = BundleManifest.read(dir);
        List<FileCheck> checks = BundleVerifier.check(dir, manifest);
        for (FileCheck check : checks) {
            if (!check.ok()) {
                throw new InvalidBundleException("model bundle " + manifest.id() + " refused: " + check.problem());
            }
        }
        return new ModelBundle(dir, manifest);
    }

    public Path directory() {
        return directory;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** The bundle id from the manifest. */
    public String id() {
        return manifest.id();
    }

    /** Path of a graph's ONNX file. */
    public Path graphFile(GraphRole role) {
        return directory.resolve(manifest.graph(role).file());
    }

    /** Loads one graph into an ONNX Runtime session configured by {@code options}; the caller closes it. */
    public GraphSession openSession(GraphRole role, InferenceOptions options) {
        return GraphSession.open(graphFile(role), manifest.graph(role), options);
    }

    @Override
    public String toString() {
        return "ModelBundle[" + manifest.id() + " at " + directory + "]";
    }
}
