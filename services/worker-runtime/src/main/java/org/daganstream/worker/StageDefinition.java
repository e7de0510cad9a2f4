package org.daganstream.worker;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One model stage: its name, the topics it reads and writes (before {@code topic.*} overrides) and how to build
 * its processor. The name is the key of {@code stageTimestamps}, the {@code stage} of dead letters, the
 * {@code worker.<name>.*} configuration section and, with {@code -worker} appended, the service name.
 *
 * @param name        e.g. {@code depth}
 * @param inputTopic  e.g. {@code dagan.frames.decoded}
 * @param outputTopic e.g. {@code dagan.frames.depth}
 * @param processors  builds the processor once the bundle is verified
 */
public record StageDefinition(String name, String inputTopic, String outputTopic,
                              Function<StageContext, StageProcessor<?, ?>> processors) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    public StageDefinition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("stage name '" + name + "' must be lower-case letters, digits and '-'");
        }
        Objects.requireNonNull(inputTopic, "inputTopic");
        Objects.requireNonNull(outputTopic, "outputTopic");
        Objects.requireNonNull(processors, "processors");
    }

    /** {@code depth-worker}: the service name in metrics, logs and the default consumer group. */
    public String serviceName() {
        return name + "-worker";
    }
}
