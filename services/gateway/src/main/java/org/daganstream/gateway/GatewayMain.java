package org.daganstream.gateway;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.daganstream.common.config.ConfigException;
import org.daganstream.common.config.DaganConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway until SIGTERM/Ctrl-C. Configuration: defaults &lt; properties file ({@code --config FILE} or env
 * {@code DAGAN_CONFIG}) &lt; {@code DAGAN_*} environment variables. Exit code 2 on bad configuration.
 */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                configFile = Path.of(args[i].substring("--config=".length()));
            } else {
                System.err.println("usage: gateway [--config FILE]   (settings: see services/gateway/README.md)");
                System.exit(2);
            }
        }
        GatewayService service;
        try {
            service = GatewayService.start(DaganConfig.load(GatewaySettings.DEFAULTS, configFile));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested");
            service.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        stopped.await();
    }
}
