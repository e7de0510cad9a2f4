package org.daganstream.loadtest.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on 127.0.0.1 for the stages' health/metrics servers, chosen before the stages start so the load
 * generator knows where to scrape. Never hands out the same port twice in this JVM.
 */
final class LoopbackPorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private LoopbackPorts() {
    }

    static synchronized int pick() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a socket on 127.0.0.1 to find a free port", e);
            }
        }
        throw new IllegalStateException("no free port found on 127.0.0.1 after 50 attempts");
    }
}
