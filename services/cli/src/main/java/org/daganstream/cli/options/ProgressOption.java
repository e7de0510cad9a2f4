package org.daganstream.cli.options;

import org.daganstream.cli.progress.ProgressMode;
import picocli.CommandLine.Option;

/** {@code --progress auto|bar|plain|none}. */
public final class ProgressOption {

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "Progress display: ${COMPLETION-CANDIDATES}. auto = a bar on a terminal, plain lines"
                    + " otherwise (default: ${DEFAULT-VALUE}).")
    ProgressMode mode = ProgressMode.AUTO;

    public ProgressMode mode() {
        return mode;
    }
}
