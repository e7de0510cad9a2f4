package org.daganstream.cli.options;

import java.nio.file.Path;
import java.util.Map;

import org.daganstream.common.config.DaganConfig;
import picocli.CommandLine.Option;

/** {@code -c/--config FILE}: the properties file of the deployment to talk to. */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file with the deployment's settings (kafka.bootstrap.servers, s3.endpoint,"
                    + " s3.access.key, ...). Default: the file named by $DAGAN_CONFIG. DAGAN_* environment"
                    + " variables override it (DAGAN_KAFKA_BOOTSTRAP_SERVERS sets kafka.bootstrap.servers).")
    Path file;

    public Path file() {
        return file;
    }

    /** defaults &lt; the file (or $DAGAN_CONFIG) &lt; DAGAN_* environment. */
    public DaganConfig load(Map<String, String> defaults) {
        return DaganConfig.load(defaults, file);
    }
}
