package org.daganstream.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns manifest JSON into a {@link BundleManifest}, checking structure and types and naming the JSON path of the
 * first offending field. The format marker and version are checked before anything else, so a bundle from a newer
 * format is refused for its version rather than for whatever changed inside.
 */
final class ManifestParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;

    ManifestParser(String source) {
        this.source = source;
    }

    BundleManifest parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw refuse("is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw refuse("must hold a JSON object");
        }
        String format = text(root, "format");
        if (!BundleManifest.FORMAT.equals(format)) {
            throw refuse("format is '" + format + "', expected '" + BundleManifest.FORMAT
                    + "': this is not a dagan-stream model bundle manifest");
        }
        int version = integer(root, "format_version");
        if (version != BundleManifest.SUPPORTED_FORMAT_VERSION) {
            throw refuse("format_version " + version + " is not supported (this build reads format_version "
                    + BundleManifest.SUPPORTED_FORMAT_VERSION + "); re-export the bundle with the models package "
                    + "of this release or run a release that reads version " + version);
        }
        String generatorText = text(root, "generator");
        GeneratorKind generator = GeneratorKind.fromManifest(generatorText);
        if (generator == null) {
            throw refuse("generator '" + generatorText
                    + "' is unknown; expected DepthAwareGenerator or SPADEDepthAwareGenerator");
        }
        return new BundleManifest(
                text(root, "id"),
                version,
                generator,
                integer(root, "image_size"),
                integer(root, "num_kp"),
                optionalInteger(root, "depth_layers"),
                optionalInteger(root, "opset"),
                madeBy(root),
                graphs(root));
    }

    private Map<GraphRole, GraphSpec> graphs(JsonNode root) {
        JsonNode graphs = root.get("graphs");
        if (graphs == null || !graphs.isObject()) {
            throw refuse("field graphs is missing or not an object");
        }
        Map<GraphRole, GraphSpec> result = new EnumMap<>(GraphRole.class);
        for (GraphRole role : GraphRole.values()) {
            JsonNode graph = graphs.get(role.key());
            if (graph == null || !graph.isObject()) {
                throw refuse("graph '" + role.key() + "' is missing from graphs; a bundle needs depth, keypoints, "
                        + "source_encoder and generator");
            }
            String path = "graphs." + role.key();
            result.put(role, new GraphSpec(role,
                    text(graph, path, "file"),
                    text(graph, path, "sha256"),
                    longValue(graph, path, "bytes"),
                    tensors(graph, path, "inputs"),
                    tensors(graph, path, "outputs")));
        }
        return result;
    }

    private List<TensorSpec> tensors(JsonNode graph, String graphPath, String field) {
        JsonNode list = graph.get(field);
        String path = graphPath + "." + field;
        if (list == null || !list.isArray()) {
            throw refuse("field " + path + " is missing or not an array");
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode tensor = list.get(i);
            String tensorPath = path + "[" + i + "]";
            if (!tensor.isObject()) {
                throw refuse("field " + tensorPath + " is not an object");
            }
            JsonNode shape = tensor.get("shape");
            if (shape == null || !shape.isArray()) {
                throw refuse("field " + tensorPath + ".shape is missing or not an array");
            }
            long[] dims = new long[shape.size()];
            for (int axis = 0; axis < dims.length; axis++) {
                if (!shape.get(axis).canConvertToLong() || !shape.get(axis).isIntegralNumber()) {
                    throw refuse("field " + tensorPath + ".shape holds '" + shape.get(axis)
                            + "', expected integers (-1 for the dynamic batch axis)");
                }
                dims[axis] = shape.get(axis).longValue();
            }
            specs.add(new TensorSpec(text(tensor, tensorPath, "name"), dims, text(tensor, tensorPath, "dtype")));
        }
        return specs;
    }

    private Map<String, Object> madeBy(JsonNode root) {
        JsonNode madeBy = root.get("made_by");
        if (madeBy == null || madeBy.isNull()) {
            return Map.of();
        }
        if (!madeBy.isObject()) {
            throw refuse("field made_by is not an object");
        }
        return JSON.convertValue(madeBy, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private String text(JsonNode node, String field) {
        return text(node, null, field);
    }

    private String text(JsonNode node, String parentPath, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw refuse("field " + qualified(parentPath, field) + " is missing or not a non-empty string");
        }
        return value.asText();
    }

    private int integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isInt()) {
            throw refuse("field " + field + " is missing or not an integer");
        }
        return value.intValue();
    }

    private int optionalInteger(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isInt()) {
            throw refuse("field " + field + " is not an integer");
        }
        return value.intValue();
    }

    private long longValue(JsonNode node, String parentPath, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw refuse("field " + qualified(parentPath, field) + " is missing or not an integer");
        }
        return value.longValue();
    }

    private static String qualified(String parentPath, String field) {
        return parentPath == null ? field : parentPath + "." + field;
    }

    private InvalidBundleException refuse(String problem) {
        return new InvalidBundleException(source + ": " + problem);
    }
}
