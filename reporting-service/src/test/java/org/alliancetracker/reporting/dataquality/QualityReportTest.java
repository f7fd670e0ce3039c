package org.alliancetracker.reporting.dataquality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class QualityReportTest {

    @Test
    void nearestRankPercentilesFromAHistogram() {
        TreeMap<Long, Long> lags = new TreeMap<>();
        for (long day = 1; day <= 10; day++) {
            lags.put(day, 1L);
        }
        assertThat(QualityReport.rank(lags, (10 + 1) / 2)).isEqualTo(5);
        assertThat(QualityReport.rank(lags, (10 * 9 + 9) / 10)).isEqualTo(9);
        TreeMap<Long, Long> skewed = new TreeMap<>();
        skewed.put(2L, 9L);
        skewed.put(400L, 1L);
        assertThat(QualityReport.rank(skewed, 5)).isEqualTo(2);
        assertThat(QualityReport.rank(skewed, 10)).isEqualTo(400);
    }

    @Test
    void fiscalQuarters() {
        assertThat(QualityReport.quarter(LocalDate.of(2016, 10, 1))).isEqualTo("FY2017-Q1");
        assertThat(QualityReport.quarter(LocalDate.of(2016, 12, 31))).isEqualTo("FY2017-Q1");
        assertThat(QualityReport.quarter(LocalDate.of(2017, 1, 1))).isEqualTo("FY2017-Q2");
        assertThat(QualityReport.quarter(LocalDate.of(2017, 9, 30))).isEqualTo("FY2017-Q4");
    }

    @Test
    void agencyOfADeadLetteredPayload() {
        assertThat(DataQualityController.agencyOf("{\"data\":{\"grant\":{\"grantId\":\"X\",\"agency\":\"USAID\"}}"))
                .isEqualTo("USAID");
        assertThat(DataQualityController.agencyOf("{not json at all")).isNull();
        assertThat(DataQualityController.agencyOf(null)).isNull();
    }
}
