package org.alliancetracker.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for parts that are started later, or started again after a kill, on the same port. A port the operating
 * system hands out for {@code new ServerSocket(0)} lies in its ephemeral range, the range it also takes the local
 * port of every outgoing connection from: with several brokers connecting to each other, such a port is soon taken
 * by a connection before its part binds it ({@code Address already in use}). These ports are chosen below that range
 * (10000–32767) and checked free when chosen.
 */
public final class ListenPorts {

    private static final int LOWEST = 10_000;
    private static final int BELOW_EPHEMERAL = 32_768;

    private ListenPorts() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another one
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + BELOW_EPHEMERAL);
    }
}
