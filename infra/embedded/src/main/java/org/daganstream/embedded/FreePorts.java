package org.daganstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks free TCP ports on the loopback interface.
 *
 * <p>Kafka's controller port must be known before the node starts (it is part of the quorum
 * configuration), so it cannot simply bind port 0. A port found here is free now but could be
 * taken by another process before the server binds it; callers retry on a bind failure. Ports
 * already handed out by this JVM are never handed out twice, so embedded servers started in
 * parallel in one JVM do not race each other.
 */
final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final int ATTEMPTS = 50;

    private FreePorts() {
    }

    /** A port that nothing on 127.0.0.1 listens on right now. */
    static synchronized int pick() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = bindAndRelease();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("Could not find a free port on 127.0.0.1 after " + ATTEMPTS + " attempts");
    }

    private static int bindAndRelease() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(false);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open a socket on 127.0.0.1 to find a free port", e);
        }
    }
}
