package org.daganstream.assembler;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.daganstream.common.config.DaganConfig;

/**
 * Runs the assembler as a process: {@code java -cp ... org.daganstream.assembler.AssemblerMain [--config file]}.
 * Configuration: defaults &lt; properties file ({@code --config} or {@code DAGAN_CONFIG}) &lt; {@code DAGAN_*}
 * environment variables. SIGTERM / Ctrl-C stops it gracefully.
 */
public final class AssemblerMain {

    private AssemblerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                configFile = Path.of(args[i].substring("--config=".length()));
            } else {
                System.err.println("usage: AssemblerMain [--config <file.properties>]; unknown argument '" + args[i] + "'");
                System.exit(2);
            }
        }
        DaganConfig config = DaganConfig.load(Map.of(), configFile);
        AssemblerService service = AssemblerService.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "assembler-shutdown"));
        stopped.await();
    }
}
