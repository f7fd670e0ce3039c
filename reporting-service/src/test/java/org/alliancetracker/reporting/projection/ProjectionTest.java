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
    void keysThatCouldAddressANestedFieldOrAnOperatorAreMadeSafe() {
        assertThat(Keys.safe("STATE.INL")).isEqualTo("STATE_INL");
        assertThat(Keys.safe("$where")).isEqualTo("_where");
        assertThat(Keys.safe("USAID")).isEqualTo("USAID");
    }

    private CloudEvent<AllianceEvent> envelope(AllianceEvent event) {
        return codec.envelope(event, "/test", "event-1", Instant.parse("2026-01-02T03:04:05Z"));
    }
}
