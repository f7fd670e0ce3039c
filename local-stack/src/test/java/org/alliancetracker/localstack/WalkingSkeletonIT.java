package org.alliancetracker.localstack;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.alliancetracker.localstack.AllianceServices.Service;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The three services together, each its own application context on a random port, against one real Kafka broker
 * and one MongoDB-wire server: a program officer's budget, an agency's disbursement, and the public's view of them.
 */
class WalkingSkeletonIT {

    static WebTestClient grants;
    static WebTestClient disbursements;
    static WebTestClient reporting;

    @BeforeAll
    static void startSystem() {
        grants = RunningSystem.client(Service.GRANTS);
        disbursements = RunningSystem.client(Service.DISBURSEMENT);
        reporting = RunningSystem.client(Service.REPORTING);
    }

    @Test
    void aDisbursementPostedByAnAgencyShowsUpExactlyInTheCountryViewAndTheSummary() {
        grants.put().uri("/api/v1/appropriations/2016").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"stage\":\"ENACTED\",\"amount\":750000000.00,"
                        + "\"source\":\"Consolidated Appropriations Act, 2016\"}")
                .exchange().expectStatus().isCreated();
        String allocationId = grants.post().uri("/api/v1/allocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"fiscalYear\":2016,\"country\":\"GT\",\"pillar\":\"SECURITY_AND_JUSTICE\","
                        + "\"amount\":100000000.00,\"allocatedOn\":\"2016-02-15\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        grants.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"GT-SEC-001\",\"allocationId\":\"" + allocationId + "\",\"agency\":\"USAID\","
                        + "\"title\":\"Community violence prevention\",\"obligatedAmount\":40000000.00,"
                        + "\"startDate\":\"2016-03-01\",\"endDate\":\"2019-02-28\"}")
                .exchange().expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(30)).until(() -> disbursements.get()
                .uri("/api/v1/grants/GT-SEC-001/balance").exchange().returnResult(String.class)
                .getStatus().is2xxSuccessful());
        disbursements.post().uri("/api/v1/disbursements").header("Idempotency-Key", "INV-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"grantId\":\"GT-SEC-001\",\"amount\":1234567.89,\"currency\":\"USD\","
                        + "\"valueDate\":\"2016-06-30\",\"reference\":\"INV-1\"}")
                .exchange().expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> reporting.get()
                .uri("/api/v1/countries/GT").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.country").isEqualTo("GT")
                .jsonPath("$.allocated").isEqualTo(100000000.00)
                .jsonPath("$.obligated").isEqualTo(40000000.00)
                .jsonPath("$.disbursed").isEqualTo(1234567.89));
        reporting.get().uri("/api/v1/countries/GT").exchange().expectBody(String.class)
                .value(body -> org.assertj.core.api.Assertions.assertThat(body)
                        .contains("\"allocated\":100000000.00", "\"obligated\":40000000.00",
                                "\"disbursed\":1234567.89"));

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> reporting.get()
                .uri("/api/v1/summary").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.fiscalYears[?(@.fiscalYear == 2016)].stage").isEqualTo("ENACTED")
                .jsonPath("$.fiscalYears[?(@.fiscalYear == 2016)].enacted").isEqualTo(750000000.00)
                .jsonPath("$.fiscalYears[?(@.fiscalYear == 2016)].allocated").isEqualTo(100000000.00)
                .jsonPath("$.fiscalYears[?(@.fiscalYear == 2016)].obligated").isEqualTo(40000000.00)
                .jsonPath("$.fiscalYears[?(@.fiscalYear == 2016)].disbursed").isEqualTo(1234567.89));

        reporting.get().uri("/api/v1/countries").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[*].country").isEqualTo(List.of("SV", "GT", "HN"));
    }
}
