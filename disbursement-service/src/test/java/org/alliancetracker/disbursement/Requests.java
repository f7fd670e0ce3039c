package org.alliancetracker.disbursement;

import java.time.Duration;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Request bodies and clients for tests. */
public final class Requests {

    private Requests() {
    }

    public static String body(String grantId, String amount, String valueDate, String reference) {
        return "{\"grantId\":\"" + grantId + "\",\"amount\":" + amount + ",\"currency\":\"USD\",\"valueDate\":\""
                + valueDate + "\",\"reference\":\"" + reference + "\"}";
    }

    public static String body(String grantId, String amount) {
        return body(grantId, amount, "2016-06-30", "INV-" + amount);
    }

    /** A client that really opens {@code connections} connections at once (the default pool queues beyond 16). */
    public static WebClient parallelClient(int port, int connections) {
        ConnectionProvider pool = ConnectionProvider.builder("parallel-test-" + connections)
                .maxConnections(connections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(60))
                .build();
        return WebClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", org.alliancetracker.issuer.TestIssuer.get().bearer("test-usaid"))
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)
                        .responseTimeout(Duration.ofSeconds(60))))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
                .build();
    }
}
