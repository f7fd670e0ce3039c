package org.alliancetracker.disbursement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch-job upload that arrives more slowly than {@code max-upload-time} (2 s here, 1 h by default) is refused with
 * 408 {@code upload-too-slow}: it never becomes a batch (its chunks are left to the orphan sweep, which takes only
 * uploads older than twice that time, so never a live one), and the same upload sent again at a normal pace under
 * the same Idempotency-Key is a batch like any other.
 */
@DisbursementServiceTest
@TestPropertySource(properties = "alliance.disbursements.batch-jobs.max-upload-time=2s")
class SlowUploadIT extends InfrastructureProperties {

    static final JsonMapper JSON = EventCodec.contractMapper();

    @Autowired
    WebTestClient http;
    @LocalServerPort
    int port;

    @Test
    void anUploadSlowerThanTheLimitIs408AndBecomesNoBatchWhileTheSameUploadSentAgainDoes() throws Exception {
        TestGrants grants = new TestGrants(http);
        GrantRef grant = grants.award("SLOW", "100.00");
        String key = TestGrants.uniqueId("slow");
        String[] lines = new String[6];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = BatchLimitsIT.line(key + "-" + i, grant.grantId(), "1.00") + "\n";
        }
        // the client sends a line every 600 ms: the whole upload takes about 3.6 s
        Flux<ByteBuffer> slowly = Flux.interval(Duration.ofMillis(600)).take(lines.length)
                .map(i -> ByteBuffer.wrap(lines[i.intValue()].getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> refused = post(key, HttpRequest.BodyPublishers.fromPublisher(
                JdkFlowAdapter.publisherToFlowPublisher(slowly)));

        assertThat(refused.statusCode()).isEqualTo(408);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("type").asString()).endsWith("/upload-too-slow");
        assertThat(problem.get("maxUploadSeconds").asLong()).isEqualTo(2);
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("0.00");

        HttpResponse<String> accepted = post(key, HttpRequest.BodyPublishers.ofString(String.join("", lines)));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(http.get().uri(location).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("state").asString()));
        JsonNode batch = http.get().uri(location).exchange().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        assertThat(batch.get("lines").asLong()).isEqualTo(lines.length);
        assertThat(batch.get("accepted").asLong()).isEqualTo(lines.length);
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("6.00");
    }

    private HttpResponse<String> post(String key, HttpRequest.BodyPublisher body) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/disbursement-batches"))
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", TestIssuer.get().bearer("test-usaid"))
                    .header("Content-Type", "application/x-ndjson")
                    .header("Idempotency-Key", key)
                    .POST(body)
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }
}
