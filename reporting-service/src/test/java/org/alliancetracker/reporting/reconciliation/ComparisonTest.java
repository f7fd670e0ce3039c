package org.alliancetracker.reporting.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The classification of differences and the rule that they add up, on figures made by hand (cents). */
class ComparisonTest {

    static final GrantIndex GRANTS = new GrantIndex(Map.of(
            "G1", new GrantIndex.Grant("G1", "GT", "USAID"),
            "G2", new GrantIndex.Grant("G2", "SV", "USAID"),
            "G3", new GrantIndex.Grant("G3", "HN", "STATE-INL")));

    @Test
    void eachKindOfDifference() {
        Map<Key, Long> ours = new HashMap<>();
        Map<Key, Long> theirs = new HashMap<>();
        ours.put(Key.matched("G1", 2017, "disbursed"), 1000L);
        theirs.put(Key.matched("G1", 2017, "disbursed"), 1000L); // equal: no difference
        ours.put(Key.matched("G1", 2018, "disbursed"), 700L);
        theirs.put(Key.matched("G1", 2018, "disbursed"), 750L); // AMOUNT −50
        ours.put(Key.matched("G1", 2019, "disbursed"), 300L);
        theirs.put(Key.matched("G1", 2020, "disbursed"), 300L); // TIMING: ours 2019, theirs 2020
        ours.put(Key.matched("G2", 2018, "obligated"), 5000L); // MISSING_THERE
        theirs.put(Key.matched("G2", 2018, "disbursed"), 20L); // MISSING_HERE
        theirs.put(Key.unmatched("US-GOV-1-XYZ", 2018, "obligated"), 99L); // UNMATCHED_ID
        ours.put(Key.matched("G3", 2018, "obligated"), 1234L); // STATE-INL: out of scope for USAID

        Comparison.Result result = Comparison.compare(GRANTS, ours, theirs, "USAID");

        assertThat(result.differences()).extracting(d -> d.kind() + " " + d.grantId() + " " + d.theirId() + " "
                + d.fiscalYear() + " " + d.theirFiscalYear() + " " + d.figure() + " " + d.difference())
                .containsExactly(
                        "AMOUNT G1 null 2018 null disbursed -50",
                        "TIMING G1 null 2019 2020 disbursed 0",
                        "MISSING_HERE G2 null 2018 null disbursed -20",
                        "MISSING_THERE G2 null 2018 null obligated 5000",
                        "UNMATCHED_ID null US-GOV-1-XYZ 2018 null obligated -99");
        assertThat(result.totals().get("disbursed")).isEqualTo(new Comparison.Sums(2000, 2070, -70));
        assertThat(result.totals().get("obligated")).isEqualTo(new Comparison.Sums(5000, 99, 4901));
        assertThat(result.lines()).noneMatch(l -> l.grantId().equals("G3"));
    }

    @Test
    void aGrantOfAnotherAgencyThatTheFileNamesIsCompared() {
        Map<Key, Long> ours = Map.of(Key.matched("G3", 2018, "obligated"), 1234L);
        Map<Key, Long> theirs = Map.of(Key.matched("G3", 2018, "obligated"), 1234L);
        Comparison.Result result = Comparison.compare(GRANTS, ours, theirs, "USAID");
        assertThat(result.lines()).hasSize(1);
        assertThat(result.differences()).isEmpty();
    }

    @Test
    void onlyExactlyCancellingYearsAreTiming() {
        Map<Key, Long> ours = Map.of(Key.matched("G1", 2019, "disbursed"), 300L);
        Map<Key, Long> theirs = Map.of(Key.matched("G1", 2020, "disbursed"), 301L);
        assertThat(Comparison.compare(GRANTS, ours, theirs, null).differences())
                .extracting(Comparison.Difference::kind)
                .containsExactly(DifferenceKind.MISSING_THERE, DifferenceKind.MISSING_HERE);
    }

    @Test
    void identifiersMatchByTheirGrantIdSuffixWhateverThePrefix() {
        assertThat(GRANTS.match("G1")).isEqualTo("G1");
        assertThat(GRANTS.match("US-USAGOV-G1")).isEqualTo("G1");
        assertThat(GRANTS.match("US-GOV-11-G3")).isEqualTo("G3");
        assertThat(GRANTS.match(" US-GOV-1-G2 ")).isEqualTo("G2");
        assertThat(GRANTS.match("US-GOV-1-G22")).isNull();
        assertThat(GRANTS.match("G1X")).isNull();
        GrantIndex nested = new GrantIndex(Map.of("SV-1", new GrantIndex.Grant("SV-1", "SV", "USAID"),
                "1", new GrantIndex.Grant("1", "SV", "USAID")));
        assertThat(nested.match("US-GOV-1-SV-1")).isEqualTo("SV-1"); // the longest grant id wins
        assertThat(List.of(FiscalYears.of(java.time.LocalDate.of(2016, 9, 30)),
                FiscalYears.of(java.time.LocalDate.of(2016, 10, 1)))).containsExactly(2016, 2017);
    }
}
