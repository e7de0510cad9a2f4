package org.daganstream.inference;

import java.util.List;
import java.util.Locale;

/**
 * The four graphs of a DaGAN model bundle, each with the tensor names the pipeline relies on. The manifest key of a
 * graph is {@link #key()}; its tensor names are fixed by the bundle format so every stage can address them.
 */
public enum GraphRole {
    /** Face depth from one RGB image. */
    DEPTH("depth", List.of("image"), List.of("depth")),
    /** Keypoints and their Jacobians from an RGB-D image. */
    KEYPOINTS("keypoints", List.of("image", "depth"), List.of("value", "jacobian")),
    /** Everything that depends only on the source image; computed once per job. */
    SOURCE_ENCODER("source_encoder", List.of("source_image", "source_depth"),
            List.of("source_feature", "attention_query")),
    /** The per-frame generator fed with the cached source tensors and the keypoints. */
    GENERATOR("generator",
            List.of("source_feature", "attention_query", "source_image", "kp_source_value", "kp_source_jacobian",
                    "kp_driving_value", "kp_driving_jacobian"),
            List.of("prediction"));

    private final String key;
    private final List<String> inputNames;
    private final List<String> outputNames;

    GraphRole(String key, List<String> inputNames, List<String> outputNames) {
        this.key = key;
        this.inputNames = inputNames;
        this.outputNames = outputNames;
    }

    /** The key of this graph in {@code manifest.json}'s {@code graphs} object. */
    public String key() {
        return key;
    }

    /** Input tensor names the bundle format requires, in documentation order. */
    public List<String> inputNames() {
        return inputNames;
    }

    /** Output tensor names the bundle format requires, in documentation order. */
    public List<String> outputNames() {
        return outputNames;
    }

    /** Parses a manifest key or enum name ({@code source_encoder}, {@code SOURCE_ENCODER}, {@code source-encoder}). */
    public static GraphRole parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (GraphRole role : values()) {
            if (role.key.equals(wanted)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown graph '" + text + "'; expected one of depth, keypoints, "
                + "source_encoder, generator");
    }
}
