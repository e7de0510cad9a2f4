package org.daganstream.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every graph file of a bundle folder against the manifest: present, regular file, the recorded size, the
 * recorded SHA-256. Size is compared first, so a truncated copy is reported without hashing it.
 */
public final class BundleVerifier {
    private static final String ADVICE = "the bundle was modified or partially copied — re-export it";

    private BundleVerifier() {
    }

    /** One {@link FileCheck} per graph, in {@link GraphRole} order; never throws for a bad file. */
    public static List<FileCheck> check(Path directory, BundleManifest manifest) {
        List<FileCheck> checks = new ArrayList<>();
        for (GraphRole role : GraphRole.values()) {
            checks.add(checkOne(directory, manifest.graph(role)));
        }
        return checks;
    }

    private static FileCheck checkOne(Path directory, GraphSpec graph) {
        Path file = directory.resolve(graph.file());
        if (!Files.isRegularFile(file)) {
            return new FileCheck(graph.role(), graph.file(), null, graph.file() + " is missing from " + directory
                    + " although the manifest lists it for graph " + graph.role().key()
                    + "; the bundle was partially copied — copy it again or re-export it");
        }
        try {
            long size = Files.size(file);
            if (size != graph.bytes()) {
                return new FileCheck(graph.role(), graph.file(), null, graph.file() + " size mismatch: manifest "
                        + graph.bytes() + " bytes, file " + size + " bytes; " + ADVICE);
            }
            String actual = FileDigests.sha256(file);
            if (!actual.equals(graph.sha256())) {
                return new FileCheck(graph.role(), graph.file(), actual, graph.file() + " sha256 mismatch: manifest "
                        + FileDigests.abbreviate(graph.sha256()) + ", file " + FileDigests.abbreviate(actual) + "; "
                        + ADVICE);
            }
            return new FileCheck(graph.role(), graph.file(), actual, null);
        } catch (IOException e) {
            return new FileCheck(graph.role(), graph.file(), null, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
