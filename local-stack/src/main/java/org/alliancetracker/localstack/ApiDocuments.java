package org.alliancetracker.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.alliancetracker.infra.KafkaBroker;
import org.alliancetracker.infra.MongoWireServer;
import org.alliancetracker.localstack.AllianceServices.Service;

/**
 * Writes the OpenAPI description of each service ({@code /v3/api-docs}) to {@code <dir>/<service>.json}, from the
 * services themselves started against a throwaway broker and MongoDB-wire server on free ports: what agencies
 * generate clients from and linters check, without a running stack. The build's {@code api-client} profile uses it.
 *
 * <pre>java -cp … org.alliancetracker.localstack.ApiDocuments target/openapi</pre>
 */
public final class ApiDocuments {

    private ApiDocuments() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/openapi");
        Files.createDirectories(dir);
        try (KafkaBroker broker = KafkaBroker.throwaway(Map.of()).start();
             MongoWireServer mongo = MongoWireServer.inMemory().start(0);
             AllianceServices services = AllianceServices.start(
                     LocalStack.fixed(broker.bootstrapServers(), mongo.connectionString()),
                     Map.of(Service.GRANTS, 0, Service.DISBURSEMENT, 0, Service.REPORTING, 0),
                     List.of("--logging.level.root=WARN"))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (Service service : Service.values()) {
                Path file = dir.resolve(service.logName() + ".json");
                write(http, URI.create(services.url(service) + "/v3/api-docs"), file);
                System.out.println("API description of " + service.logName() + ": " + file);
            }
        }
        System.exit(0); // the services' non-daemon threads must not keep the build waiting
    }

    private static void write(HttpClient http, URI uri, Path file) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        Files.write(file, response.body());
    }
}
