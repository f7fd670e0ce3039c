package org.alliancetracker.disbursement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;

import org.alliancetracker.disbursement.disbursement.DisbursementView;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@DisbursementServiceTest
class DisbursementPathIT extends InfrastructureProperties {

    static TopicRecorder topics;

    @Autowired
    WebTestClient http;

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
    void aDisbursementOnAKnownGrantIsAcceptedOnceAndPublished() {
        awardGrant("PATH-GT-001", "1500000.00");

        DisbursementView first = post("INV-1-key", body("PATH-GT-001", "1234567.89", "INV-1"))
                .expectStatus().isCreated()
                .expectBody(DisbursementView.class).returnResult().getResponseBody();
        assertThat(first.amount()).isEqualByComparingTo("1234567.89");
        assertThat(first.remainingObligation()).isEqualByComparingTo("265432.11");

        DisbursementView retry = post("INV-1-key", body("PATH-GT-001", "1234567.89", "INV-1"))
                .expectStatus().isCreated()
                .expectBody(DisbursementView.class).returnResult().getResponseBody();
        assertThat(retry).isEqualTo(first);

        await().atMost(Duration.ofSeconds(20)).until(() -> topics.eventsAbout("PATH-GT-001").size() == 1);
        var recorded = (DisbursementRecorded) topics.eventsAbout("PATH-GT-001").getFirst().data();
        assertThat(recorded.disbursementId()).isEqualTo(first.id());
        assertThat(recorded.amount()).isEqualTo(new BigDecimal("1234567.89"));
        assertThat(recorded.grant().country()).isEqualTo(Country.GT);

        http.get().uri("/api/v1/grants/PATH-GT-001/balance").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.obligated").isEqualTo(1500000.00)
                .jsonPath("$.disbursed").isEqualTo(1234567.89)
                .jsonPath("$.remaining").isEqualTo(265432.11);
    }

    @Test
    void anUnknownGrantIsAProblemNotFound() {
        post("unknown-grant-key", body("NO-SUCH-GRANT", "10.00", "INV-X"))
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-found");
    }

    private WebTestClient.ResponseSpec post(String key, String body) {
        return http.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String body(String grantId, String amount, String reference) {
        return "{\"grantId\":\"" + grantId + "\",\"amount\":" + amount + ",\"currency\":\"USD\","
                + "\"valueDate\":\"2016-06-30\",\"reference\":\"" + reference + "\"}";
    }

    private void awardGrant(String grantId, String obligated) {
        var ref = new GrantRef(grantId, "FY2016-GT-SECURITY_AND_JUSTICE-0000abcd", 2016, Country.GT,
                Pillar.SECURITY_AND_JUSTICE, "USAID");
        TestGrants.publisher().publish(new GrantAwarded(ref, "Test grant", new BigDecimal(obligated), LocalDate.parse("2016-03-01"),
                LocalDate.parse("2019-02-28"), LocalDate.parse("2016-03-01")), "/grants-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/api/v1/grants/" + grantId + "/balance")
                .exchange().returnResult(String.class).getStatus().is2xxSuccessful());
    }
}
