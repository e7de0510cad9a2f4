package org.daganstream.k8s.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's deployment files are, from system property {@code dagan.root} (set by the build). */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    /** The repository root: {@code dagan.root}, else the nearest folder upwards that holds {@code k8s/}. */
    public static Path root() {
        String configured = System.getProperty("dagan.root");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "k8s"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a folder with k8s/ and pom.xml); "
                + "set system property dagan.root");
    }

    public static Path k8s() {
        return root().resolve("k8s");
    }

    public static Path overlay(String name) {
        return k8s().resolve("overlays").resolve(name);
    }

    public static Path compose() {
        return root().resolve("infra/compose");
    }

    public static Path monitoring() {
        return root().resolve("infra/monitoring");
    }
}
