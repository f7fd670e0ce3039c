package org.alliancetracker.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.events.outcome.PeriodValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * The country views' grant status counts and indicators on the knownAt axis, like the money figures: a suspension
 * and a corrected measurement recorded after an instant do not show in the view known at it; an indicator defined
 * after it is not there. Real broker and store.
 */
@ReportingServiceTest
class KnownAtViewsIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;
    Api api;
    TestEvents events;

    @BeforeEach
    void setUp() {
        api = new Api(http);
        events = new TestEvents();
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void grantStatusesAndIndicatorsAreThoseRecordedByKnownAt() {
        int fy = events.fiscalYear;
        String asOf = (fy + 1) + "-06-30";
        GrantRef grant = events.grant(Country.SV, Pillar.HUMAN_CAPITAL, "USAID");
        events.award(grant, "1000.00", events.date(1, 15));
        String indicator = TestEvents.id("SV-ENROL");
        events.publish(new IndicatorDefined(indicator, Country.SV, IndicatorKind.CONTEXT, "Enrolment", "%", true,
                null, new PeriodValue(Integer.toString(fy - 1), new BigDecimal("60")),
                List.of(new PeriodValue(Integer.toString(fy + 1), new BigDecimal("80")))));
        events.publish(new OutcomeMeasured(indicator, Country.SV, Integer.toString(fy), new BigDecimal("65.5"),
                "ministry"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(indicator(view(asOf, null), indicator))
                .isNotNull());
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);
        // event times are whole milliseconds: an instant after everything published so far
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
        JsonNode published = view(asOf, null);

        // recorded later: the grant suspended, the measurement corrected, another indicator defined
        events.publish(new GrantSuspended(grant, "review", events.date(3, 1)));
        events.publish(new OutcomeMeasured(indicator, Country.SV, Integer.toString(fy), new BigDecimal("64.0"),
                "ministry, revised"));
        String later = TestEvents.id("SV-LATER");
        events.publish(new IndicatorDefined(later, Country.SV, IndicatorKind.CONTEXT, "Later", "%", true, null,
                null, List.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(indicator(view(asOf, null), later))
                .isNotNull());
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);

        JsonNode now = view(asOf, null);
        JsonNode then = view(asOf, before.toString());
        assertThat(now.path("grants").path("suspended").asInt())
                .isEqualTo(published.path("grants").path("suspended").asInt() + 1);
        assertThat(now.path("grants").path("active").asInt())
                .isEqualTo(published.path("grants").path("active").asInt() - 1);
        assertThat(then.path("grants")).isEqualTo(published.path("grants"));
        assertThat(indicator(now, indicator).path("latestActual").path("value").decimalValue())
                .isEqualByComparingTo("64.0");
        assertThat(indicator(then, indicator)).isEqualTo(indicator(published, indicator));
        assertThat(indicator(then, indicator).path("latestActual").path("source").asString()).isEqualTo("ministry");
        assertThat(indicator(then, later)).isNull();
        // the list of all countries answers the same
        JsonNode all = Api.find(api.get("/api/v1/countries?asOf=" + asOf + "&knownAt=" + before), "country", "SV");
        assertThat(all.path("grants")).isEqualTo(then.path("grants"));
        assertThat(indicator(all, indicator)).isEqualTo(indicator(then, indicator));
    }

    @Test
    void anUnreadableKnownAtIs400NamingIt() {
        http.get().uri("/api/v1/countries/SV?knownAt=last-week").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith("application/problem+json")
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("knownAt");
    }

    private JsonNode view(String asOf, String knownAt) {
        return api.get("/api/v1/countries/SV?asOf=" + asOf + (knownAt == null ? "" : "&knownAt=" + knownAt));
    }

    private static JsonNode indicator(JsonNode view, String id) {
        return Api.find(view.path("indicators"), "id", id);
    }
}
