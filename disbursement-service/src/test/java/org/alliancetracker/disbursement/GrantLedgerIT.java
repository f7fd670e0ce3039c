package org.alliancetracker.disbursement;

import static org.alliancetracker.disbursement.Requests.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;

import org.alliancetracker.disbursement.ledger.BalanceView;
import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantResumed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service's copy of each grant follows {@code alliance.grants}: awards, amendments, suspension, resumption, closure. */
@DisbursementServiceTest
class GrantLedgerIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;
    TestGrants grants;

    @BeforeEach
    void grants() {
        grants = new TestGrants(http);
    }

    @Test
    void anAwardOpensTheLedgerWithTheWholeObligationRemaining() {
        GrantRef grant = grants.award("LEDGER-AWARD", "1500000.00");
        assertThat(grants.balance(grant.grantId())).isEqualTo(new BalanceView(grant.grantId(), "ACTIVE",
                new BigDecimal("1500000.00"), new BigDecimal("0.00"), new BigDecimal("1500000.00")));
    }

    @Test
    void amendmentsMoveTheRemainingObligationUpAndDown() {
        GrantRef grant = grants.award("LEDGER-AMEND", "1000.00");
        post(grant, "300.00").expectStatus().isCreated();

        grants.amend(grant, "1000.00", "1200.00");
        assertThat(grants.balance(grant.grantId()).remaining()).isEqualByComparingTo("900.00");

        grants.amend(grant, "1200.00", "500.00"); // de-obligation: lowers what remains, not what was disbursed
        BalanceView balance = grants.balance(grant.grantId());
        assertThat(balance.obligated()).isEqualByComparingTo("500.00");
        assertThat(balance.disbursed()).isEqualByComparingTo("300.00");
        assertThat(balance.remaining()).isEqualByComparingTo("200.00");
        post(grant, "200.01").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.remaining").isEqualTo(200.00);
        post(grant, "200.00").expectStatus().isCreated();
    }

    @Test
    void suspensionStopsDisbursementsResumptionAllowsThemAndClosureStopsThemForGood() {
        GrantRef grant = grants.award("LEDGER-STATUS", "1000.00");
        grants.suspend(grant);
        post(grant, "10.00").expectStatus().isEqualTo(409);
        grants.resume(grant);
        post(grant, "10.00").expectStatus().isCreated();
        grants.close(grant);
        post(grant, "10.00").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.grantStatus").isEqualTo("CLOSED");
        assertThat(grants.balance(grant.grantId()).disbursed()).isEqualByComparingTo("10.00");
    }

    @Test
    void aClosedGrantStaysClosed() {
        GrantRef grant = grants.award("LEDGER-CLOSED", "1000.00");
        grants.close(grant);
        TestGrants.publisher().publish(new GrantSuspended(grant, "late", LocalDate.parse("2018-02-01")), "/grants-service");
        TestGrants.publisher().publish(new GrantResumed(grant, "late", LocalDate.parse("2018-03-01")), "/grants-service");
        grants.amend(grant, "1000.00", "900.00"); // after this is applied, the two before it were read

        assertThat(grants.balance(grant.grantId()).status()).isEqualTo("CLOSED");
        post(grant, "10.00").expectStatus().isEqualTo(409);
    }

    @Test
    void anEventPublishedTwiceIsAppliedOnce() {
        GrantRef grant = grants.award("LEDGER-DUP", "1000.00");
        CloudEvent<AllianceEvent> amendment = new EventCodec().envelope(new GrantAmended(grant,
                new BigDecimal("1000.00"), new BigDecimal("1100.00"), "top-up", LocalDate.parse("2017-01-01")),
                "/grants-service");
        TestGrants.publisher().publish(amendment);
        TestGrants.publisher().publish(amendment); // a relay retry: same CloudEvent id at a later offset
        grants.amend(grant, "1100.00", "1150.00"); // after this is applied, both copies before it were read

        assertThat(grants.balance(grant.grantId()).obligated()).isEqualByComparingTo("1150.00");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> grants.balance(grant.grantId()).remaining().compareTo(new BigDecimal("1150.00")) == 0);
    }

    @Test
    void anUnknownGrantHasNoBalance() {
        http.get().uri("/api/v1/grants/NOT-A-GRANT-42/balance").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-found");
    }

    private WebTestClient.ResponseSpec post(GrantRef grant, String amount) {
        return http.post().uri("/api/v1/disbursements").header("Idempotency-Key", TestGrants.uniqueId("ledger"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body(grant.grantId(), amount)).exchange();
    }
}
