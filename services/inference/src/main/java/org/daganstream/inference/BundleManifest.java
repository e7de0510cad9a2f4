package org.daganstream.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The parsed and validated {@code manifest.json} of a model bundle: identity, model configuration and, per graph,
 * file name, checksum, size and tensor signatures. Instances are always valid: {@link #read(Path)} and
 * {@link #parse(String, String)} refuse anything that breaks the bundle format with an {@link InvalidBundleException}.
 */
public final class BundleManifest {
    /** File name of the manifest inside a bundle folder. */
    public static final String FILE_NAME = "manifest.json";
    /** Value of the {@code format} field. */
    public static final String FORMAT = "dagan-bundle";
    /** The only {@code format_version} this build reads. */
    public static final int SUPPORTED_FORMAT_VERSION = 1;

    private final String id;
    private final int formatVersion;
    private final GeneratorKind generator;
    private final int imageSize;
    private final int numKp;
    private final int depthLayers;
    private final int opset;
    private final Map<String, Object> madeBy;
    private final Map<GraphRole, GraphSpec> graphs;

    BundleManifest(String id, int formatVersion, GeneratorKind generator, int imageSize, int numKp, int depthLayers,
                   int opset, Map<String, Object> madeBy, Map<GraphRole, GraphSpec> graphs) {
        this.id = id;
        this.formatVersion = formatVersion;
        this.generator = generator;
        this.imageSize = imageSize;
        this.numKp = numKp;
        this.depthLayers = depthLayers;
        this.opset = opset;
        this.madeBy = Collections.unmodifiableMap(madeBy);
        this.graphs = Collections.unmodifiableMap(new EnumMap<>(graphs));
    }

    /** Reads and validates {@code manifest.json}; {@code path} is the bundle folder or the {@code .json} file. */
    public static BundleManifest read(Path path) {
        Path file = path.getFileName() != null && path.getFileName().toString().endsWith(".json")
                ? path : path.resolve(FILE_NAME);
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidBundleException(file + " not found: a model bundle folder holds " + FILE_NAME
                    + " and the four .onnx graphs made by the models package (dagan_models export)");
        } catch (IOException e) {
            throw new InvalidBundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(json, file.toString());
    }

    /** Parses and validates manifest text; {@code source} names it in error messages. */
    public static BundleManifest parse(String json, String source) {
        BundleManifest manifest = new ManifestParser(source).parse(json);
        new ManifestContract(source).check(manifest);
        return manifest;
    }

    /** Bundle id, e.g. {@code tiny-0123456789ab}; travels in every frame descriptor. */
    public String id() {
        return id;
    }

    public int formatVersion() {
        return formatVersion;
    }

    public GeneratorKind generator() {
        return generator;
    }

    /** Side of the square model input in pixels (256 for DaGAN). */
    public int imageSize() {
        return imageSize;
    }

    /** Number of keypoints K. */
    public int numKp() {
        return numKp;
    }

    /** ResNet depth of the face-depth encoder (18 or 50), 0 when the manifest does not say. */
    public int depthLayers() {
        return depthLayers;
    }

    /** ONNX opset of the graphs, 0 when the manifest does not say. */
    public int opset() {
        return opset;
    }

    /** Provenance as written by the exporter (tool, command, inputs...); free-form. */
    public Map<String, Object> madeBy() {
        return madeBy;
    }

    public GraphSpec graph(GraphRole role) {
        return graphs.get(role);
    }

    public Map<GraphRole, GraphSpec> graphs() {
        return graphs;
    }
}
