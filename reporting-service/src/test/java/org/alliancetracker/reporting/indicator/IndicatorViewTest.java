package org.alliancetracker.reporting.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

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
        Document doc = new Document("_id", "HN-HOM").append("kind", "CONTEXT").append("name", "Homicides")
                .append("unit", "per 100k").append("ascending", false)
                .append("baseline", new Document("period", "2014").append("value", "66.0"))
                .append("targets", List.of(new Document("period", "2020").append("value", "40"),
                        new Document("period", "2018").append("value", "50")))
                .append("actuals", new Document("2017", new Document("period", "2017").append("value", "43"))
                        .append("2016-Q4", new Document("period", "2016-Q4").append("value", "59")));

        IndicatorView now = IndicatorView.of(doc, null);
        assertThat(now.latestActual().period()).isEqualTo("2017");
        assertThat(now.target().period()).isEqualTo("2020");
        assertThat(now.targets()).extracting(IndicatorView.PeriodValue::period).containsExactly("2018", "2020");
        assertThat(now.improving()).isTrue();

        IndicatorView midYear = IndicatorView.of(doc, LocalDate.of(2017, 6, 30));
        assertThat(midYear.latestActual().period()).isEqualTo("2016-Q4");
        assertThat(midYear.latestActual().value()).isEqualByComparingTo("59");
    }

    private static BigDecimal progress(String baseline, String target, String latest, boolean ascending) {
        return IndicatorView.progress(value("2014", baseline), value("2020", target), value("2017", latest),
                ascending);
    }

    private static IndicatorView.PeriodValue value(String period, String value) {
        return new IndicatorView.PeriodValue(period, new BigDecimal(value), null);
    }
}
