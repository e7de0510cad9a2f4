package org.daganstream.gateway;

import org.daganstream.common.service.ServiceMain;

/**
 * Runs the gateway until SIGTERM/Ctrl-C: {@code gateway [--config FILE]}. Configuration: defaults &lt; properties file
 * ({@code --config FILE} or env {@code DAGAN_CONFIG}) &lt; {@code DAGAN_*} environment variables. Exit code 2 on bad
 * configuration (see {@link ServiceMain}).
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run(GatewaySettings.SERVICE, args, GatewaySettings.DEFAULTS, GatewayService::start);
    }
}
