package org.alliancetracker.reporting.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class FiscalYearBudgetsTest {

    static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void theFiscalYearStartsOnTheFirstOfOctober() {
        assertThat(FiscalYearBudgets.fiscalYear(day("2015-10-01"))).isEqualTo(2016);
        assertThat(FiscalYearBudgets.fiscalYear(day("2016-09-30"))).isEqualTo(2016);
        assertThat(FiscalYearBudgets.fiscalYear(day("2016-10-01"))).isEqualTo(2017);
    }

    @Test
    void oneBudgetPerFiscalYearOfObligationCutToTheGrantPeriodNeverLongerThanAYear() {
        Map<LocalDate, Long> obligations = new TreeMap<>(Map.of(day("2016-03-01"), 400L, day("2016-09-30"), 50L,
                day("2017-10-02"), 100L));
        var budgets = FiscalYearBudgets.of(obligations, day("2016-03-01"), day("2019-02-28"));
        assertThat(budgets).containsExactly(
                new FiscalYearBudgets.Budget(2016, day("2016-03-01"), day("2016-09-30"), 450L),
                new FiscalYearBudgets.Budget(2018, day("2017-10-01"), day("2018-09-30"), 100L));
        assertThat(budgets).allMatch(b -> ChronoUnit.DAYS.between(b.start(), b.end()) <= 365);
    }

    @Test
    void aDeObligationReducesEarlierYearsWhenItsOwnWouldGoNegative() {
        Map<LocalDate, Long> obligations = new TreeMap<>(Map.of(day("2016-03-01"), 400L, day("2017-10-02"), 100L,
                day("2018-11-01"), -150L));
        assertThat(FiscalYearBudgets.of(obligations, day("2016-03-01"), day("2019-02-28")))
                .containsExactly(new FiscalYearBudgets.Budget(2016, day("2016-03-01"), day("2016-09-30"), 350L));
        Map<LocalDate, Long> within = new TreeMap<>(Map.of(day("2016-03-01"), 400L, day("2016-05-01"), -100L));
        assertThat(FiscalYearBudgets.of(within, day("2016-03-01"), day("2019-02-28")))
                .extracting(FiscalYearBudgets.Budget::cents).containsExactly(300L);
    }

    @Test
    void anObligationOutsideTheGrantPeriodGetsTheWholeFiscalYear() {
        var budgets = FiscalYearBudgets.of(Map.of(day("2015-12-01"), 10L), day("2016-09-30"), day("2017-09-29"));
        assertThat(budgets).containsExactly(new FiscalYearBudgets.Budget(2016, day("2015-10-01"), day("2016-09-30"),
                10L));
    }
}
