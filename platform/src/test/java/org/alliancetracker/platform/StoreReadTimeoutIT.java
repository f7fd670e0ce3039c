package org.alliancetracker.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import reactor.core.publisher.Mono;

/**
 * A MongoDB that stops answering on an open connection (a lost reply, a half-open TCP connection) fails the operation
 * after {@code alliance.store.read-timeout} instead of leaving it waiting forever, and the next operation works on a
 * new connection. Through a TCP relay in front of the real MongoDB-wire server that can be told to swallow replies.
 */
class StoreReadTimeoutIT {

    private SilenceableRelay relay;
    private MongoClient client;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void anOperationWithoutAReplyFailsAfterTheReadTimeoutAndTheNextOneWorks() throws IOException {
        URI store = URI.create(RealParts.infrastructure().mongoUri().replace("mongodb://", "tcp://"));
        relay = new SilenceableRelay(new InetSocketAddress(store.getHost(), store.getPort()));
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + relay.port()));
        new PlatformAutoConfiguration().storeReadTimeout(Duration.ofMillis(800)).customize(settings);
        client = MongoClients.create(settings.build());
        var database = client.getDatabase("platform-read-timeout");

        assertThat(Mono.from(database.runCommand(new Document("ping", 1))).block(Duration.ofSeconds(30)).get("ok"))
                .isIn(1, 1.0);

        relay.silent.set(true);
        // without the read timeout this waits forever (here: until block's 30 s, an IllegalStateException)
        assertThatThrownBy(() -> Mono.from(database.runCommand(new Document("ping", 1))).block(Duration.ofSeconds(30)))
                .isInstanceOf(MongoSocketReadTimeoutException.class);

        relay.silent.set(false);
        assertThat(Mono.from(database.runCommand(new Document("ping", 1))).block(Duration.ofSeconds(30)).get("ok"))
                .isIn(1, 1.0);
    }

    /** Relays TCP connections to a target; while {@code silent}, the target's bytes are read and dropped. */
    private static final class SilenceableRelay implements AutoCloseable {

        final AtomicBoolean silent = new AtomicBoolean();
        private final ServerSocket server;

        SilenceableRelay(InetSocketAddress target) throws IOException {
            server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket downstream = server.accept();
                        Socket upstream = new Socket(target.getAddress(), target.getPort());
                        Thread.ofVirtual().start(() -> pump(downstream, upstream, false));
                        Thread.ofVirtual().start(() -> pump(upstream, downstream, true));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void pump(Socket from, Socket to, boolean replies) {
            byte[] buffer = new byte[8192];
            try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!(replies && silent.get())) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // either side closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
