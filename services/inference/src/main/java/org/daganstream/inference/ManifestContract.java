package org.daganstream.inference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a parsed manifest must satisfy beyond JSON structure: sane model sizes, safe file names, well-formed
 * digests, exactly the tensor names the pipeline addresses, float32 everywhere, a dynamic batch axis, and shapes
 * consistent with {@code image_size}, {@code num_kp} and between the source encoder and the generator. Every
 * violation is collected so one error lists them all.
 */
final class ManifestContract {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.onnx");
    /** Placeholder in an expected shape for "any positive size". */
    private static final long ANY = 0;

    private final String source;
    private final List<String> problems = new ArrayList<>();

    ManifestContract(String source) {
        this.source = source;
    }

    void check(BundleManifest manifest) {
        if (manifest.imageSize() <= 0) {
            problems.add("image_size " + manifest.imageSize() + " must be positive");
        }
        if (manifest.numKp() <= 0) {
            problems.add("num_kp " + manifest.numKp() + " must be positive");
        }
        Set<String> files = new HashSet<>();
        for (GraphRole role : GraphRole.values()) {
            GraphSpec graph = manifest.graph(role);
            checkFile(graph, files);
            checkNames(graph, "inputs", graph.inputNames(), role.inputNames());
            checkNames(graph, "outputs", graph.outputNames(), role.outputNames());
            graph.inputs().forEach(spec -> checkTensor(graph, spec, expectedShape(manifest, role, spec.name())));
            graph.outputs().forEach(spec -> checkTensor(graph, spec, expectedShape(manifest, role, spec.name())));
        }
        if (!problems.isEmpty()) {
            throw new InvalidBundleException(source + " breaks the dagan-bundle format: "
                    + String.join("; ", problems));
        }
    }

    private void checkFile(GraphSpec graph, Set<String> files) {
        String where = "graphs." + graph.role().key();
        if (!FILE_NAME.matcher(graph.file()).matches()) {
            problems.add(where + ".file '" + graph.file() + "' must be a plain .onnx file name inside the bundle");
        } else if (!files.add(graph.file())) {
            problems.add(where + ".file '" + graph.file() + "' is used by two graphs");
        }
        if (!SHA256.matcher(graph.sha256()).matches()) {
            problems.add(where + ".sha256 '" + graph.sha256() + "' is not 64 lower-case hex digits");
        }
        if (graph.bytes() <= 0) {
            problems.add(where + ".bytes " + graph.bytes() + " must be positive");
        }
    }

    private void checkNames(GraphSpec graph, String kind, List<String> actual, List<String> required) {
        Set<String> seen = new LinkedHashSet<>();
        for (String name : actual) {
            if (!seen.add(name)) {
                problems.add(graph.file() + " " + kind + " list '" + name + "' twice");
            }
        }
        if (!seen.equals(new LinkedHashSet<>(required))) {
            problems.add(graph.file() + " " + kind + " are " + actual + ", the bundle format requires " + required);
        }
    }

    private void checkTensor(GraphSpec graph, TensorSpec spec, long[] expected) {
        String where = graph.file() + " " + spec.name();
        if (!"float32".equals(spec.dtype())) {
            problems.add(where + " has dtype " + spec.dtype() + ", expected float32");
        }
        long[] shape = spec.shape();
        if (shape.length == 0 || shape[0] != TensorSpec.DYNAMIC) {
            problems.add(where + " shape " + describe(shape) + " must start with the dynamic batch axis -1");
        }
        for (int axis = 1; axis < shape.length; axis++) {
            if (shape[axis] <= 0) {
                problems.add(where + " shape " + describe(shape) + " has a non-positive dimension at axis " + axis);
                return;
            }
        }
        if (expected == null) {
            return;
        }
        boolean fits = shape.length == expected.length;
        for (int axis = 1; fits && axis < shape.length; axis++) {
            fits = expected[axis] == ANY || expected[axis] == shape[axis];
        }
        if (!fits) {
            problems.add(where + " shape " + describe(shape) + ", expected " + describe(expected));
        }
    }

    /** The shape the format requires for a tensor, or null when the name is not part of the format. */
    private static long[] expectedShape(BundleManifest manifest, GraphRole role, String name) {
        long size = manifest.imageSize();
        long kp = manifest.numKp();
        switch (name) {
            case "image", "source_image", "prediction":
                return new long[] {-1, 3, size, size};
            case "depth", "source_depth":
                return new long[] {-1, 1, size, size};
            case "value", "kp_source_value", "kp_driving_value":
                return new long[] {-1, kp, 2};
            case "jacobian", "kp_source_jacobian", "kp_driving_jacobian":
                return new long[] {-1, kp, 2, 2};
            case "source_feature", "attention_query":
                // The generator consumes exactly what the source encoder produces; their widths depend on the preset.
                if (role == GraphRole.GENERATOR) {
                    return manifest.graph(GraphRole.SOURCE_ENCODER).output(name).map(TensorSpec::shape)
                            .orElse(new long[] {-1, ANY, ANY, ANY});
                }
                return new long[] {-1, ANY, ANY, ANY};
            default:
                return null;
        }
    }

    private static String describe(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int axis = 0; axis < shape.length; axis++) {
            text.append(axis > 0 ? "," : "").append(shape[axis] == ANY ? "*" : Long.toString(shape[axis]));
        }
        return text.append(']').toString();
    }
}
