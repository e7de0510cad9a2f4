package org.daganstream.assembler;

import java.util.Map;

import org.daganstream.common.service.ServiceMain;

/**
 * Runs the assembler as a process: {@code java -cp ... org.daganstream.assembler.AssemblerMain [--config file]}.
 * Configuration: defaults &lt; properties file ({@code --config} or {@code DAGAN_CONFIG}) &lt; {@code DAGAN_*}
 * environment variables. SIGTERM / Ctrl-C stops it gracefully. Exit status 2 on bad usage or configuration, 1 when
 * it cannot start (see {@link ServiceMain}).
 */
public final class AssemblerMain {

    private AssemblerMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run("assembler", args, Map.of(), AssemblerService::start);
    }
}
