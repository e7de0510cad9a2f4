package org.daganstream.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares what a loaded ONNX graph declares with its manifest entry, so a bundle whose manifest lies about a graph
 * is refused at load instead of failing on the first frame. A dimension the graph leaves symbolic is compatible with
 * any size the manifest fixes; a dimension the graph fixes must equal the manifest's, and the manifest's dynamic batch
 * axis must be dynamic in the graph too.
 */
final class GraphSignature {
    private GraphSignature() {
    }

    static void verify(OrtSession session, GraphSpec spec) throws OrtException {
        List<String> problems = new ArrayList<>();
        compare("input", session.getInputInfo(), spec.inputs(), problems);
        compare("output", session.getOutputInfo(), spec.outputs(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidBundleException(spec.file() + " does not match its manifest entry: "
                    + String.join("; ", problems) + "; the manifest and graph come from different exports — "
                    + "re-export the bundle");
        }
    }

    private static void compare(String kind, Map<String, NodeInfo> actual, List<TensorSpec> declared,
                                List<String> problems) {
        TreeSet<String> declaredNames = new TreeSet<>();
        declared.forEach(spec -> declaredNames.add(spec.name()));
        if (!declaredNames.equals(new TreeSet<>(actual.keySet()))) {
            problems.add(kind + "s are " + new TreeSet<>(actual.keySet()) + " in the graph, " + declaredNames
                    + " in the manifest");
            return;
        }
        for (TensorSpec spec : declared) {
            if (!(actual.get(spec.name()).getInfo() instanceof TensorInfo info)) {
                problems.add(kind + " " + spec.name() + " is not a tensor in the graph");
                continue;
            }
            if (info.type != OnnxJavaType.FLOAT) {
                problems.add(kind + " " + spec.name() + " is " + info.type + " in the graph, float32 in the manifest");
            }
            long[] graphShape = info.getShape();
            if (!compatible(graphShape, spec.shape())) {
                problems.add(kind + " " + spec.name() + " is " + TensorSpec.formatShape(graphShape)
                        + " in the graph, " + spec.describeShape() + " in the manifest");
            }
        }
    }

    private static boolean compatible(long[] graph, long[] manifest) {
        if (graph.length != manifest.length) {
            return false;
        }
        for (int axis = 0; axis < graph.length; axis++) {
            boolean graphDynamic = graph[axis] < 0;
            boolean manifestDynamic = manifest[axis] == TensorSpec.DYNAMIC;
            if (manifestDynamic && !graphDynamic) {
                return false;
            }
            if (!graphDynamic && graph[axis] != manifest[axis]) {
                return false;
            }
        }
        return true;
    }
}
