package org.daganstream.inference;

/** The two DaGAN generator architectures a bundle may hold, named as in the manifest's {@code generator} field. */
public enum GeneratorKind {
    DepthAwareGenerator,
    SPADEDepthAwareGenerator;

    /** Parses the manifest spelling; returns null for anything else (the caller reports it). */
    static GeneratorKind fromManifest(String text) {
        for (GeneratorKind kind : values()) {
            if (kind.name().equals(text)) {
                return kind;
            }
        }
        return null;
    }
}
