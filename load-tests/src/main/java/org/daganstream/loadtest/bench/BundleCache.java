package org.daganstream.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.daganstream.inference.InvalidBundleException;
import org.daganstream.inference.ModelBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's full-size random-weight bundle ({@code export --random --preset full --seed N}), made once with
 * the models toolchain and kept in a cache folder; reused while it still verifies against its manifest.
 */
public final class BundleCache {

    private static final Logger LOG = LoggerFactory.getLogger(BundleCache.class);
    private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(60);

    private BundleCache() {
    }

    /** {@code <cache>/bundle-<preset>-seed<seed>}, exported first when missing or no longer valid. */
    public static Path randomBundle(PythonTool python, Path cacheDir, String preset, int seed)
            throws IOException, InterruptedException {
        Path dir = cacheDir.resolve("bundle-" + preset + "-seed" + seed).toAbsolutePath();
        if (valid(dir)) {
            LOG.info("reusing the {} bundle in {}", preset, dir);
            return dir;
        }
        Path staging = cacheDir.resolve(".staging-bundle-" + preset + "-seed" + seed).toAbsolutePath();
        deleteTree(staging);
        LOG.info("exporting a {} random-weight bundle (seed {}) into {}; this takes a few minutes", preset, seed, dir);
        double seconds = python.run(List.of("export", "--random", "--preset", preset, "--seed", Integer.toString(seed),
                "--out", staging.toString()), cacheDir.resolve("export-" + preset + "-seed" + seed + ".log"),
                EXPORT_TIMEOUT);
        if (!valid(staging)) {
            throw new IllegalStateException("the exported bundle in " + staging + " does not verify");
        }
        deleteTree(dir);
        Files.move(staging, dir);
        LOG.info("bundle exported in {} s", Math.round(seconds));
        return dir;
    }

    static boolean valid(Path dir) {
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            return false;
        }
        try {
            ModelBundle.open(dir);
            return true;
        } catch (InvalidBundleException e) {
            LOG.warn("cached bundle {} is not usable ({}); exporting it again", dir, e.getMessage());
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
