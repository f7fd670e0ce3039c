package org.alliancetracker.reporting.iati;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The rule engine finds what the official validator found in the export before the IATI publication work. */
class IatiRulesetTest {

    /** An activity as the export wrote them before: no sector, one 3-year budget, no @ref on participating orgs. */
    static final String OLD = """
            <iati-activities version="2.03"><iati-activity xml:lang="en" default-currency="USD"
             last-updated-datetime="2020-01-01T00:00:00Z">
            <iati-identifier>US-USAGOV-GT-1</iati-identifier>
            <reporting-org ref="US-USAGOV" type="10"><narrative>United States Government</narrative></reporting-org>
            <title><narrative>T</narrative></title>
            <participating-org role="4"><narrative>USAID</narrative></participating-org>
            <activity-status code="2"/>
            <activity-date type="1" iso-date="2016-03-01"/><activity-date type="3" iso-date="2019-02-28"/>
            <recipient-country code="GT" percentage="100"/>
            <budget type="1" status="2"><period-start iso-date="2016-03-01"/><period-end iso-date="2019-02-28"/>
             <value currency="USD" value-date="2016-03-01">1.00</value></budget>
            <transaction><transaction-type code="3"/><transaction-date iso-date="2016-06-30"/>
             <value currency="USD" value-date="2016-06-30">1.00</value></transaction>
            </iati-activity></iati-activities>""";

    @Test
    void theOldExportHasTheErrorsTheValidatorReported() throws Exception {
        assumeTrue(IatiRuleset.available(), "no ../shared/iati-2.03 in this checkout");
        IatiRuleset rules = new IatiRuleset(Set.of("US-GOV-1"), LocalDate.of(2026, 1, 1));
        List<IatiRuleset.Finding> failed = rules.check(IatiRuleset.parse(OLD.getBytes(StandardCharsets.UTF_8)),
                id -> true).stream().filter(f -> !f.passed()).toList();
        assertThat(failed).extracting(IatiRuleset.Finding::ruleId).contains("6.2.2", "7.5.3");
        assertThat(failed).filteredOn(f -> f.ruleId().equals("6.2.2")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo("error"));
        assertThat(rules.check(IatiRuleset.parse(OLD.replace("2019-02-28\"/>\n <value", "2016-09-30\"/>\n <value")
                .replace("<budget", "<sector vocabulary=\"1\" code=\"15130\"/><budget")
                .getBytes(StandardCharsets.UTF_8)), id -> true)).filteredOn(f -> !f.passed())
                .extracting(IatiRuleset.Finding::ruleId).doesNotContain("6.2.2", "7.5.3");
    }
}
