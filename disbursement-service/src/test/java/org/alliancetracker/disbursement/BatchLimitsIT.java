package org.alliancetracker.disbursement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The synchronous bulk upload with the JDK's {@code HttpClient}, which sends the whole body before it reads anything:
 * at the limit (20,000 lines, an answer of several MB, larger than the socket buffers) it is answered in full; one line
 * or one byte over the limit is a 413 problem pointing at batch jobs, and nothing of it is recorded.
 */
@DisbursementServiceTest
class BatchLimitsIT extends InfrastructureProperties {

    static final JsonMapper JSON = EventCodec.contractMapper();

    @Autowired
    WebTestClient http;
    @LocalServerPort
    int port;

    @Test
    void anUploadAtTheLimitIsAnsweredInFullToAClientThatSendsBeforeItReads() throws Exception {
        GrantRef grant = new TestGrants(http).award("LIMIT", "1000.00");
        String k = TestGrants.uniqueId("limit");
        StringBuilder upload = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            // first and last lines recorded; the others refused by validation (their answers are long problems)
            String amount = i == 1 || i == 20_000 ? "10.00" : "-1.00";
            upload.append(line(k + "-" + i, grant.grantId(), amount)).append('\n');
        }

        HttpResponse<String> response = post(upload.toString());

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> answers = response.body().lines().map(JSON::readTree).toList();
        assertThat(answers).hasSize(20_000);
        assertThat(response.body().length()).isGreaterThan(4_000_000);
        assertThat(answers.getFirst().get("status").asInt()).isEqualTo(201);
        assertThat(answers.getLast().get("status").asInt()).isEqualTo(201);
        assertThat(answers.get(1).at("/problem/errors/0/field").asString()).isEqualTo("amount");
        assertThat(answers.get(19_998).get("line").asInt()).isEqualTo(19_999);
        assertThat(new TestGrants(http).balance(grant.grantId()).disbursed()).isEqualByComparingTo("20.00");
    }

    @Test
    void oneLineOverTheLimitIsA413PointingAtBatchJobsAndRecordsNothing() throws Exception {
        GrantRef grant = new TestGrants(http).award("LIMIT-OVER", "1000000.00");
        String k = TestGrants.uniqueId("over");
        StringBuilder upload = new StringBuilder();
        for (int i = 1; i <= 20_001; i++) {
            upload.append(line(k + "-" + i, grant.grantId(), "1.00")).append('\n');
        }

        HttpResponse<String> response = post(upload.toString());

        assertTooLarge(response);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("20001 lines");
        assertThat(new TestGrants(http).balance(grant.grantId()).disbursed()).isEqualByComparingTo("0.00");
    }

    @Test
    void morethanTheByteLimitIsA413AndRecordsNothing() throws Exception {
        GrantRef grant = new TestGrants(http).award("LIMIT-BYTES", "1000000.00");
        String k = TestGrants.uniqueId("bytes");
        String description = "x".repeat(15_000);
        StringBuilder upload = new StringBuilder();
        for (int i = 1; i <= 600; i++) { // 600 lines of 15 KB: 9 MB
            upload.append("{\"idempotencyKey\":\"").append(k).append('-').append(i).append("\",\"grantId\":\"")
                    .append(grant.grantId()).append("\",\"amount\":1.00,\"currency\":\"USD\",\"valueDate\":")
                    .append("\"2016-06-30\",\"description\":\"").append(description).append("\"}\n");
        }

        HttpResponse<String> response = post(upload.toString());

        assertTooLarge(response);
        assertThat(new TestGrants(http).balance(grant.grantId()).disbursed()).isEqualByComparingTo("0.00");
    }

    private void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/payload-too-large");
        assertThat(problem.get("batchJobs").asString()).isEqualTo("/api/v1/disbursement-batches");
    }

    private HttpResponse<String> post(String upload) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/api/v1/disbursements/batch"))
                    .timeout(Duration.ofMinutes(3))
                    .header("Authorization", TestIssuer.get().bearer("test-usaid"))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(upload, StandardCharsets.UTF_8))
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    static String line(String key, String grantId, String amount) {
        return "{\"idempotencyKey\":\"" + key + "\",\"grantId\":\"" + grantId + "\",\"amount\":" + amount
                + ",\"currency\":\"USD\",\"valueDate\":\"2016-06-30\",\"reference\":\"" + key + "\"}";
    }
}
