package org.alliancetracker.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A server speaking the MongoDB wire protocol (mongo-java-server) to the real MongoDB driver. Either throwaway in
 * memory (tests) or file-backed through H2's MVStore (local stack: data survives a restart). It has no transactions,
 * sessions, non-unique or TTL indexes: the services are written for what a standalone MongoDB does, without relying
 * on any of these.
 */
public final class MongoWireServer implements AutoCloseable {

    private final MongoBackend backend;
    private final MongoServer server;
    private InetSocketAddress address;

    private MongoWireServer(MongoBackend backend) {
        this.backend = backend;
        this.server = new MongoServer(backend);
    }

    public static MongoWireServer inMemory() {
        return new MongoWireServer(new MemoryBackend());
    }

    public static MongoWireServer fileBacked(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MongoWireServer(new H2Backend(file.toAbsolutePath().toString()));
    }

    /** Binds to localhost on {@code port} (0 = any free port). */
    public synchronized MongoWireServer start(int port) {
        if (address == null) {
            server.bind("localhost", port == 0 ? KafkaBroker.freePort() : port);
            address = server.getLocalAddress();
        }
        return this;
    }

    /** A connection string without database, e.g. {@code mongodb://localhost:27017}. */
    public String connectionString() {
        if (address == null) {
            throw new IllegalStateException("Not started");
        }
        return "mongodb://localhost:" + address.getPort();
    }

    @Override
    public synchronized void close() {
        server.shutdownNow();
        if (backend instanceof H2Backend h2) {
            h2.close();
        }
        address = null;
    }
}
