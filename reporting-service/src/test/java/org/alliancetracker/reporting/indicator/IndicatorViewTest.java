package org.alliancetracker.reporting.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.reporting.indicator.StoredIndicator.Measurement;
import org.alliancetracker.reporting.indicator.StoredIndicator.StoredValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class IndicatorViewTest {

    @Test
    void progressIsMeasuredInTheIndicatorsDirection() {
        // homicides per 100k: lower is better; 60 → target 40, now 50: half way
        assertThat(progress("60", "40", "50", false)).isEqualByComparingTo("0.5000");
        // worse than the baseline: negative
        assertThat(progress("60", "40", "66", false)).isEqualByComparingTo("-0.3000");
        // enrolment: higher is better; beyond the target: above 1
        assertThat(progress("10", "30", "35", true)).isEqualByComparingTo("1.2500");
        // a target that is no improvement in the indicator's direction: nothing to measure
        assertThat(progress("10", "5", "7", true)).isNull();
        assertThat(progress("10", "10", "7", true)).isNull();
    }

    @Test
    void theLatestActualIsTheOneOfTheLatestPeriodAndAsOfOnlyPeriodsThatHadEnded() {
        // as the projection stores it, read back by the record codec
        Document doc = new Document("_id", "HN-HOM").append("kind", "CONTEXT").append("name", "Homicides")
                .append("unit", "per 100k").append("ascending", false).append("country", "HN")
                .append("baseline", new Document("period", "2014").append("value", "66.0"))
                .append("targets", List.of(new Document("period", "2020").append("value", "40"),
                        new Document("period", "2018").append("value", "50")))
                .append("actuals", new Document("2017", new Document("period", "2017").append("value", "43"))
                        .append("2016-Q4", new Document("period", "2016-Q4").append("value", "59")))
                .append("applied", new Document("alliance.outcomes-0", 7L));
        StoredIndicator stored = StoredRecords.fromDocument(doc, StoredIndicator.class);

        IndicatorView now = IndicatorView.of(stored, null);
        assertThat(now.latestActual().period()).isEqualTo("2017");
        assertThat(now.target().period()).isEqualTo("2020");
        assertThat(now.targets()).extracting(IndicatorView.PeriodValue::period).containsExactly("2018", "2020");
        assertThat(now.improving()).isTrue();

        IndicatorView midYear = IndicatorView.of(stored, LocalDate.of(2017, 6, 30));
        assertThat(midYear.latestActual().period()).isEqualTo("2016-Q4");
        assertThat(midYear.latestActual().value()).isEqualByComparingTo("59");
    }

    @Test
    void knownAtShowsTheValuesRecordedByThenNotLaterCorrectionsOrLaterIndicators() {
        Instant defined = Instant.parse("2017-01-10T00:00:00Z");
        Instant first = Instant.parse("2018-02-01T12:00:00Z");
        Instant corrected = Instant.parse("2018-05-01T12:00:00Z");
        Instant next = Instant.parse("2019-02-01T12:00:00Z");
        StoredIndicator indicator = new StoredIndicator("HN-HOM", "HN", "CONTEXT", "Homicides", "per 100k", false,
                null, new StoredValue("2014", "66.0", null), List.of(new StoredValue("2020", "40", null)),
                Map.of("2017", new StoredValue("2017", "42.8", "police, revised"),
                        "2018", new StoredValue("2018", "38", "police")),
                defined, List.of(new Measurement("2017", "43.1", "police", first),
                        new Measurement("2017", "42.8", "police, revised", corrected),
                        new Measurement("2018", "38", "police", next)));

        IndicatorView beforeCorrection = IndicatorView.of(indicator, null, Instant.parse("2018-03-01T00:00:00Z"));
        assertThat(beforeCorrection.actuals()).extracting(IndicatorView.PeriodValue::period).containsExactly("2017");
        assertThat(beforeCorrection.latestActual().value()).isEqualByComparingTo("43.1");
        assertThat(beforeCorrection.latestActual().source()).isEqualTo("police");

        IndicatorView afterCorrection = IndicatorView.of(indicator, null, Instant.parse("2018-06-01T00:00:00Z"));
        assertThat(afterCorrection.latestActual().value()).isEqualByComparingTo("42.8");
        assertThat(IndicatorView.of(indicator, null, null).latestActual().period()).isEqualTo("2018");

        assertThat(IndicatorView.known(indicator, Instant.parse("2016-12-31T23:59:59Z"))).isFalse();
        assertThat(IndicatorView.known(indicator, defined)).isTrue();
        assertThat(IndicatorView.of(indicator, null, defined).latestActual()).isNull();
    }

    private static BigDecimal progress(String baseline, String target, String latest, boolean ascending) {
        return IndicatorView.progress(value("2014", baseline), value("2020", target), value("2017", latest),
                ascending);
    }

    private static IndicatorView.PeriodValue value(String period, String value) {
        return new IndicatorView.PeriodValue(period, new BigDecimal(value), null);
    }
}
