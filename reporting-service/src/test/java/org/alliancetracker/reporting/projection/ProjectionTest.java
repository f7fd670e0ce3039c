package org.alliancetracker.reporting.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.appropriation.AllocationRef;
import org.alliancetracker.events.appropriation.FundsReprogrammed;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    static final GrantRef GRANT = new GrantRef("GT-1", "FY2016-GT-1", 2016, Country.GT, Pillar.HUMAN_CAPITAL,
            "USAID");
    static final SourcePosition POSITION = new SourcePosition("alliance.disbursements", 3, 42);

    final Projection projection = new Projection();
    final EventCodec codec = new EventCodec();

    @Test
    void aReversalIsANegativeDisbursementOnItsReversalDateWithItsFactFirstAndTheCountryLast() {
        List<ViewChange> changes = projection.changesFor(envelope(new DisbursementReversed("D-1", GRANT,
                new BigDecimal("10.25"), LocalDate.of(2016, 6, 1), LocalDate.of(2016, 7, 2), "wrong payee")),
                POSITION);

        assertThat(changes).extracting(ViewChange::collection)
                .containsExactly(Views.FACTS, Views.FISCAL_YEARS, Views.GRANTS, Views.COUNTRIES);
        Document fact = ((ViewChange.Insert) changes.getFirst()).document();
        assertThat(fact.getLong(Facts.AMOUNT_CENTS)).isEqualTo(-1025L);
        assertThat(fact.getString(Facts.KIND)).isEqualTo(Facts.REVERSAL);
        assertThat(fact.getString(Facts.FIGURE)).isEqualTo(Facts.DISBURSED);
        assertThat(fact.getString(Facts.VALUE_DATE)).isEqualTo("2016-07-02");
        assertThat(fact.getLong(Facts.OFFSET)).isEqualTo(42L);
        assertThat(fact.getString("_id")).isEqualTo("event-1");
        String country = ((ViewChange.Update) changes.getLast()).update().toBsonDocument().toJson();
        assertThat(country).contains("\"monthly.2016-07.disbursedCents\": -1025", "\"byAgency.USAID.disbursedCents\"");
    }

    @Test
    void aStatusChangeMovesNoMoneyButMarksTheCountryChanged() {
        List<ViewChange> changes = projection.changesFor(envelope(new GrantSuspended(GRANT, "review",
                LocalDate.of(2019, 4, 1))), POSITION);
        assertThat(changes).extracting(ViewChange::collection).containsExactly(Views.GRANTS, Views.COUNTRIES);
        assertThat(((ViewChange.Update) changes.getLast()).update()).isNull();
    }

    @Test
    void aReprogrammingMovesAllocatedFromOneSideToTheOtherAndOutOfThePlanLowersTheYear() {
        AllocationRef hn = new AllocationRef("FY2017-HN-SECURITY", Country.HN, Pillar.SECURITY_AND_JUSTICE);
        AllocationRef gt = new AllocationRef("FY2017-GT-GOV", Country.GT, Pillar.INSTITUTIONS);
        List<ViewChange> between = projection.changesFor(envelope(new FundsReprogrammed("R-1", 2017, "INCLE", hn,
                gt, null, new BigDecimal("1000.50"), "CN-1", LocalDate.of(2019, 3, 1), LocalDate.of(2019, 4, 1),
                "moved")), POSITION);
        assertThat(between).extracting(ViewChange::collection)
                .containsExactly(Views.FACTS, Views.COUNTRIES, Views.COUNTRIES);
        assertThat(json(update(between, "HN"))).contains("\"allocatedCents\": -100050",
                "\"byFiscalYear.2017.allocatedCents\": -100050", "\"byPillar.SECURITY_AND_JUSTICE.allocatedCents\": -100050");
        assertThat(json(update(between, "GT"))).contains("\"allocatedCents\": 100050",
                "\"byPillar.INSTITUTIONS.allocatedCents\": 100050");

        AllocationRef hnGov = new AllocationRef("FY2017-HN-GOV", Country.HN, Pillar.INSTITUTIONS);
        List<ViewChange> within = projection.changesFor(envelope(new FundsReprogrammed("R-2", 2017, "INCLE", hn,
                hnGov, null, new BigDecimal("5.00"), "CN-2", LocalDate.of(2019, 3, 1), LocalDate.of(2019, 4, 1),
                null)), POSITION);
        assertThat(within).extracting(ViewChange::collection).containsExactly(Views.FACTS, Views.COUNTRIES);
        assertThat(json(within.get(1))).contains("\"allocatedCents\": 0", "\"byPillar.INSTITUTIONS.allocatedCents\": 500",
                "\"byPillar.SECURITY_AND_JUSTICE.allocatedCents\": -500");

        List<ViewChange> out = projection.changesFor(envelope(new FundsReprogrammed("R-3", 2017, "INCLE", hn, null,
                "Other programs", new BigDecimal("7.00"), "CN-3", LocalDate.of(2019, 3, 1), LocalDate.of(2019, 4, 1),
                null)), POSITION);
        assertThat(out).extracting(ViewChange::collection)
                .containsExactly(Views.FACTS, Views.FISCAL_YEARS, Views.COUNTRIES);
        assertThat(json(update(out, 2017))).contains("\"allocatedCents\": -700");
        assertThat(json(update(out, "HN"))).contains("\"allocatedCents\": -700");
    }

    @Test
    void statusChangesAndMeasurementsCarryTheirRecordingTime() {
        List<ViewChange> changes = projection.changesFor(envelope(new GrantSuspended(GRANT, "review",
                LocalDate.of(2019, 4, 1))), POSITION);
        assertThat(json(changes.getFirst())).contains("\"statusHistory\"", "\"on\": \"2019-04-01\"",
                "\"at\": {\"$date\": \"2026-01-02T03:04:05Z\"}");
    }

    private static ViewChange update(List<ViewChange> changes, Object documentId) {
        return changes.stream().filter(c -> c instanceof ViewChange.Update u && documentId.equals(u.documentId()))
                .findFirst().orElseThrow();
    }

    private static String json(ViewChange change) {
        return ((ViewChange.Update) change).update().toBsonDocument().toJson();
    }

    @Test
    void keysThatCouldAddressANestedFieldOrAnOperatorAreMadeSafe() {
        assertThat(Keys.safe("STATE.INL")).isEqualTo("STATE_INL");
        assertThat(Keys.safe("$where")).isEqualTo("_where");
        assertThat(Keys.safe("USAID")).isEqualTo("USAID");
    }

    private CloudEvent<AllianceEvent> envelope(AllianceEvent event) {
        return codec.envelope(event, "/test", "event-1", Instant.parse("2026-01-02T03:04:05Z"));
    }
}
