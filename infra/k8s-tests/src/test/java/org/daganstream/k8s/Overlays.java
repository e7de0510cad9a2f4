package org.daganstream.k8s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.daganstream.k8s.support.Kustomize;
import org.daganstream.k8s.support.Manifests;

/** The overlays under k8s/overlays that tests render, and the skip rule when kubectl is missing. */
final class Overlays {

    static final List<String> NAMES = List.of("cpu", "gpu");
    static final String APP_NAMESPACE = "dagan";
    static final String KAFKA_NAMESPACE = "kafka";

    private Overlays() {
    }

    /** The rendered overlay; skips the calling test (with the reason) when kubectl is not installed. */
    static Manifests render(String overlay) {
        assumeTrue(Kustomize.kubectl().isPresent(), Kustomize.missingMessage());
        return Manifests.overlay(overlay);
    }

    static void assertNoProblems(List<String> problems, String what) {
        if (!problems.isEmpty()) {
            throw new AssertionError(what + ":\n  " + String.join("\n  ", problems));
        }
    }
}
