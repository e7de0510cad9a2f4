package org.daganstream.loadtest.command;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.daganstream.loadtest.target.EmbeddedTarget;
import picocli.CommandLine.Option;

/** How the in-process system is started. */
public final class EmbeddedOptions {

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Model bundle folder (default: the bundle shipped with the project, models/fixtures/tiny).")
    Path bundle;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of every topic of the embedded broker (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
            description = "Instances of each model stage (depth, keypoint, generator), 1..4 (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--intra-op-threads", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime intra-op threads per session; 0 = the runtime's choice (default: ${DEFAULT-VALUE}).")
    int intraOpThreads;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file with stage settings (e.g. worker.batch.max.size=1); the embedded endpoints"
                    + " always win.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A stage setting for every stage, e.g. --set worker.generator.batch.max.size=1 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Keep the broker's data and the objects in DIR (default: a temporary folder, deleted).")
    Path workDir;

    public EmbeddedTarget.Options options() {
        return options(instances, intraOpThreads);
    }

    /** The same settings with another instance count and thread count (the benchmark varies these). */
    public EmbeddedTarget.Options options(int instanceCount, int threads) {
        return new EmbeddedTarget.Options(bundle, partitions, instanceCount, threads, configFile, workDir, settings);
    }

    public Path bundle() {
        return bundle;
    }
}
