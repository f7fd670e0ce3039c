package org.alliancetracker.disbursement;

import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import org.alliancetracker.disbursement.ledger.BalanceView;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantResumed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicPublisher;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Grants as grants-service announces them on {@code alliance.grants}, for tests: each method publishes the event and
 * waits until the service's ledger shows it. Grant ids are unique per call, since tests share broker and database.
 */
public final class TestGrants {

    public static final LocalDate START = LocalDate.parse("2016-03-01");
    public static final LocalDate END = LocalDate.parse("2019-02-28");
    private static final String SOURCE = "/grants-service";

    private static TopicPublisher shared;

    private final TopicPublisher publisher;
    private final WebTestClient http;

    public TestGrants(TopicPublisher publisher, WebTestClient http) {
        this.publisher = publisher;
        this.http = http;
    }

    /** Grants published by the test JVM's one {@link #publisher()}. */
    public TestGrants(WebTestClient http) {
        this(publisher(), http);
    }

    /**
     * One publisher onto the shared broker for every test class of the JVM (as the broker and the store are shared),
     * closed when the JVM exits, before the broker.
     */
    public static synchronized TopicPublisher publisher() {
        if (shared == null) {
            shared = TopicPublisher.connect(SharedTestInfrastructure.get().kafkaBootstrapServers());
            SharedTestInfrastructure.closeAtExit(shared);
        }
        return shared;
    }

    /** The agency of the grants awarded here, and of the default test client (test-usaid). */
    public static final String AGENCY = "USAID";

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Awards a new grant (2016-03-01 to 2019-02-28, Guatemala) and waits until the ledger knows it. */
    public GrantRef award(String prefix, String obligated) {
        var ref = new GrantRef(uniqueId(prefix), "FY2016-GT-SECURITY_AND_JUSTICE-0000abcd", 2016, Country.GT,
                Pillar.SECURITY_AND_JUSTICE, AGENCY);
        publisher.publish(new GrantAwarded(ref, "Test grant", new BigDecimal(obligated), START, END, START), SOURCE);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/api/v1/grants/" + ref.grantId() + "/balance")
                .exchange().returnResult(String.class).getStatus().is2xxSuccessful());
        return ref;
    }

    /**
     * Awards a new grant (2016-03-01 to {@code end}, Guatemala) whose account closes on {@code accountClosesOn}
     * (31 U.S.C. 1552: nothing dated after it is disbursed) and waits until the ledger knows it.
     */
    public GrantRef awardClosingOn(String prefix, String obligated, LocalDate end, LocalDate accountClosesOn) {
        var ref = new GrantRef(uniqueId(prefix), "FY2016-GT-SECURITY_AND_JUSTICE-0000abcd", 2016, Country.GT,
                Pillar.SECURITY_AND_JUSTICE, AGENCY);
        publisher.publish(new GrantAwarded(ref, "Long grant", new BigDecimal(obligated), START, end, START,
                accountClosesOn), SOURCE);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get().uri("/api/v1/grants/" + ref.grantId() + "/balance")
                .exchange().returnResult(String.class).getStatus().is2xxSuccessful());
        return ref;
    }

    public void amend(GrantRef grant, String previous, String now) {
        publisher.publish(new GrantAmended(grant, new BigDecimal(previous), new BigDecimal(now), "test amendment",
                LocalDate.parse("2017-01-01")), SOURCE);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> balance(grant.grantId()).obligated().compareTo(new BigDecimal(now)) == 0);
    }

    public void suspend(GrantRef grant) {
        publisher.publish(new GrantSuspended(grant, "test suspension", LocalDate.parse("2017-01-01")), SOURCE);
        awaitStatus(grant, "SUSPENDED");
    }

    public void resume(GrantRef grant) {
        publisher.publish(new GrantResumed(grant, "test resumption", LocalDate.parse("2017-02-01")), SOURCE);
        awaitStatus(grant, "ACTIVE");
    }

    public void close(GrantRef grant) {
        publisher.publish(new GrantClosed(grant, "test closure", LocalDate.parse("2018-01-01")), SOURCE);
        awaitStatus(grant, "CLOSED");
    }

    public BalanceView balance(String grantId) {
        return http.get().uri("/api/v1/grants/" + grantId + "/balance").exchange()
                .expectStatus().isOk()
                .expectBody(BalanceView.class).returnResult().getResponseBody();
    }

    private void awaitStatus(GrantRef grant, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(balance(grant.grantId()).status()));
    }
}
