package org.daganstream.k8s.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} (the kustomize built into kubectl), the same way
 * {@code kubectl apply -k} would. The binary is {@code $KUBECTL}, else {@code kubectl} on the PATH or in
 * {@code /usr/bin} / {@code /usr/local/bin}.
 */
public final class Kustomize {

    private static final long TIMEOUT_SECONDS = 60;

    private Kustomize() {
    }

    /** The kubectl binary, if one is installed. */
    public static Optional<Path> kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + ":/usr/bin:/usr/local/bin").split(":")) {
            if (!dir.isBlank()) {
                Path candidate = Path.of(dir, "kubectl");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Why tests that need kubectl are skipped here. */
    public static String missingMessage() {
        return "kubectl is not installed (looked at $KUBECTL, PATH, /usr/bin, /usr/local/bin): "
                + "skipping the tests that render k8s/ with `kubectl kustomize`";
    }

    /** The multi-document YAML {@code kubectl kustomize dir} prints; fails with kubectl's own error message. */
    public static String render(Path kustomizationDir) {
        Path kubectl = kubectl().orElseThrow(() -> new IllegalStateException(missingMessage()));
        ProcessBuilder pb = new ProcessBuilder(List.of(kubectl.toString(), "kustomize", kustomizationDir.toString()));
        pb.environment().put("KUBECONFIG", "/dev/null"); // rendering never needs a cluster
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            // Drain both streams concurrently so a large output cannot block the process.
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + kustomizationDir + " did not finish in "
                        + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomizationDir + " failed (exit "
                        + process.exitValue() + "): " + err.join().strip());
            }
            return out.join();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + kubectl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + kustomizationDir, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading kubectl output: " + e.getMessage(), e);
        }
    }
}
