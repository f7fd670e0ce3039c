package org.alliancetracker.reporting.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PeriodsTest {

    @Test
    void eachFormOfPeriodHasItsStartAndEnd() {
        assertThat(Periods.start("2017")).contains(LocalDate.of(2017, 1, 1));
        assertThat(Periods.end("2017")).contains(LocalDate.of(2017, 12, 31));
        assertThat(Periods.start("FY2017")).contains(LocalDate.of(2016, 10, 1));
        assertThat(Periods.end("FY2017")).contains(LocalDate.of(2017, 9, 30));
        assertThat(Periods.end("2017-H1")).contains(LocalDate.of(2017, 6, 30));
        assertThat(Periods.start("2017-Q3")).contains(LocalDate.of(2017, 7, 1));
        assertThat(Periods.end("2017-Q3")).contains(LocalDate.of(2017, 9, 30));
        assertThat(Periods.end("2016-02")).contains(LocalDate.of(2016, 2, 29));
        assertThat(Periods.end("2017-06-15")).contains(LocalDate.of(2017, 6, 15));
        assertThat(Periods.year("2017-Q3")).contains(2017);
    }

    @Test
    void periodsOfUnknownFormHaveNoDatesAndSortLast() {
        assertThat(Periods.end("sometime")).isEmpty();
        assertThat(Periods.end("2017-13")).isEmpty();
        List<String> periods = new ArrayList<>(List.of("sometime", "2018", "2017-Q4", "FY2017", "2017-Q1"));
        periods.sort(Periods.CHRONOLOGICAL);
        assertThat(periods).containsExactly("2017-Q1", "FY2017", "2017-Q4", "2018", "sometime");
    }
}
