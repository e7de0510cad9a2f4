package org.daganstream.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code -v/--verbose}: service logs at INFO and stack traces on errors. Logging is configured from the raw
 * arguments before parsing (see {@code CliLogging}); this field only makes the option legal everywhere.
 */
public final class VerboseOption {

    @Option(names = {"-v", "--verbose"}, description = "Show the services' logs (INFO) and stack traces on errors.")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }
}
