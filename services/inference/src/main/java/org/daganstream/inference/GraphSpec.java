package org.daganstream.inference;

import java.util.List;
import java.util.Optional;

/**
 * One graph entry of the manifest: its file, the file's expected SHA-256 and size, and its declared inputs and
 * outputs (in manifest order).
 */
public record GraphSpec(GraphRole role, String file, String sha256, long bytes, List<TensorSpec> inputs,
                        List<TensorSpec> outputs) {

    public GraphSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    public List<String> inputNames() {
        return inputs.stream().map(TensorSpec::name).toList();
    }

    public List<String> outputNames() {
        return outputs.stream().map(TensorSpec::name).toList();
    }
}
