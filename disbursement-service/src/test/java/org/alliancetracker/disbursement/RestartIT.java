package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Idempotency records live in MongoDB, not in the process: a retry sent to a restarted service gets the answer the
 * service gave before it stopped, and nothing is recorded or published twice. The service is started, stopped and
 * started again as an application of its own on a database of its own.
 */
class RestartIT {

    static TopicRecorder topics;

    @BeforeAll
    static void connect() {
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        topics = TopicRecorder.start(bootstrap, Topics.DISBURSEMENTS);
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    @Test
    void anAnswerGivenBeforeARestartIsGivenAgainAfterIt() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> properties = new HashMap<>(SharedTestInfrastructure.get().springProperties());
        properties.putAll(TestIssuer.get().springProperties());
        properties.put("server.port", "0");
        properties.put("spring.mongodb.database", "disbursements-restart-" + run);
        properties.put("spring.cloud.stream.bindings.grantEvents-in-0.group", "disbursement-restart-" + run);
        var grant = new GrantRef("RESTART-" + run, "FY2016-HN-INSTITUTIONS-0000abcd", 2016, Country.HN,
                Pillar.INSTITUTIONS, "STATE-INL");
        TestGrants.publisher().publish(new GrantAwarded(grant, "Restart test", new java.math.BigDecimal("1000.00"),
                TestGrants.START, TestGrants.END, TestGrants.START), "/grants-service");
        String key = TestGrants.uniqueId("restart");

        String before;
        try (ConfigurableApplicationContext service = start(properties)) {
            WebTestClient http = client(service);
            await().atMost(Duration.ofSeconds(60)).until(() -> http.get().uri("/api/v1/grants/" + grant.grantId()
                    + "/balance").exchange().returnResult(String.class).getStatus().is2xxSuccessful());
            before = post(http, key, body(grant.grantId(), "125.00")).expectStatus().isCreated()
                    .expectBody(String.class).returnResult().getResponseBody();
        }

        try (ConfigurableApplicationContext service = start(properties)) {
            WebTestClient http = client(service);
            post(http, key, body(grant.grantId(), "125.00")).expectStatus().isCreated()
                    .expectBody(String.class).isEqualTo(before);
            post(http, key, body(grant.grantId(), "126.00")).expectStatus().isEqualTo(422);
            http.get().uri("/api/v1/grants/" + grant.grantId() + "/balance").exchange()
                    .expectBody().jsonPath("$.disbursed").isEqualTo(125.00);
            post(http, TestGrants.uniqueId("after-restart"), body(grant.grantId(), "1.00")).expectStatus().isCreated();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> topics.eventsAbout(grant.grantId()).size() >= 2);
        assertThat(topics.eventsAbout(grant.grantId()))
                .extracting(e -> ((DisbursementRecorded) e.data()).amount().toPlainString())
                .containsExactlyInAnyOrder("125.00", "1.00");
    }

    /** Properties as command-line arguments: they must outrank {@code alliance-platform.yml} (defaults would not). */
    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return DisbursementServiceApplication.application()
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static WebTestClient client(ConfigurableApplicationContext service) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + service.getEnvironment().getProperty("local.server.port"))
                .defaultHeader("Authorization", TestIssuer.get().bearer("test-state-inl"))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static WebTestClient.ResponseSpec post(WebTestClient http, String key, String body) {
        return http.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
