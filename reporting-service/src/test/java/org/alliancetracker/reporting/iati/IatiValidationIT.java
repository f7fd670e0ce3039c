package org.alliancetracker.reporting.iati;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantResumed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.events.outcome.PeriodValue;
import org.alliancetracker.reporting.Api;
import org.alliancetracker.reporting.InfrastructureProperties;
import org.alliancetracker.reporting.ReportingServiceTest;
import org.alliancetracker.reporting.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import tools.jackson.databind.JsonNode;

/**
 * The must-hold check of the IATI publication: a generated data set with every feature (two agencies and a third
 * found by its family, several sectors and partners, an award from before grants had sectors, amendments up, down
 * and of the sectors or partners only, disbursements and a reversal, suspended, resumed and closed grants, a program
 * indicator with a measurement) exported, then every one of its activities validated against the 2.03 schema and
 * against every activity rule of the IATI Validator's 2.03 ruleset ({@link IatiRuleset}): no error-level finding.
 * The rule table is written to {@code target/iati-rules-generated.txt}.
 */
@ReportingServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IatiValidationIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    TestEvents events;
    final List<String> grantIds = new ArrayList<>();
    GrantRef justice;
    GrantRef governance;

    static SectorShare sector(String code, String percentage) {
        return new SectorShare(code, new BigDecimal(percentage));
    }

    static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    @BeforeAll
    void publish() {
        assumeTrue(IatiRuleset.available(), "The IATI 2.03 schema and ruleset are not at "
                + IatiRuleset.SHARED.toAbsolutePath().normalize() + " (../shared of the repository root)");
        events = new TestEvents();
        justice = grant(Country.GT, Pillar.SECURITY_AND_JUSTICE, "USAID");
        events.publish(new GrantAwarded(justice, "Justice sector reform", new BigDecimal("4000000.00"),
                day("2016-03-01"), day("2019-02-28"), day("2016-03-01"),
                List.of(sector("15130", "60"), sector("15210", "40")),
                List.of(new ImplementingPartner("Example Justice Alliance", "US-EIN-900000001", "21"),
                        new ImplementingPartner("Asociación Ejemplo de Guatemala", "GT-NIT-1234567-8", "22"))));
        events.disburse(justice, "500000.00", day("2016-06-30"));
        var reversed = events.disbursement(justice, "250000.00", day("2017-01-15"));
        events.publish(reversed);
        events.reverse(reversed, day("2017-01-20"));
        events.publish(new GrantAmended(justice, new BigDecimal("4000000.00"), new BigDecimal("5000000.00"),
                "Scope extended", day("2017-10-02"), List.of(sector("15130", "50"), sector("15210", "30"),
                sector("16020", "20")), null));
        events.publish(new GrantAmended(justice, new BigDecimal("5000000.00"), new BigDecimal("3500000.00"),
                "De-obligation", day("2018-11-01")));
        events.publish(new GrantSuspended(justice, "Assistance suspended", day("2019-03-30")));
        events.publish(new GrantResumed(justice, "Assistance restored", day("2019-10-16")));
        events.publish(new GrantClosed(justice, "Period of performance ended", day("2020-02-28")));
        String indicator = TestEvents.id("GT-CASES");
        events.publish(new IndicatorDefined(indicator, Country.GT, IndicatorKind.PROGRAM, "Cases resolved", "cases",
                true, justice.grantId(), new PeriodValue("2015", new BigDecimal("1200")),
                List.of(new PeriodValue("2018", new BigDecimal("2000")))));
        events.publish(new OutcomeMeasured(indicator, Country.GT, "2017", new BigDecimal("1650"), "Judiciary"));

        governance = grant(Country.HN, Pillar.INSTITUTIONS, "STATE-INL");
        events.publish(new GrantAwarded(governance, "Transparent public finance", new BigDecimal("2500000.00"),
                day("2017-01-10"), day("2020-01-09"), day("2017-01-10"),
                List.of(sector("15110", "50"), sector("15113", "25"), sector("15130", "25")),
                List.of(new ImplementingPartner("Example Governance Institute", "US-EIN-900000002", "21"),
                        new ImplementingPartner("Fundación Ejemplo Honduras", "HN-RTN-08019000000001", "22"),
                        new ImplementingPartner("Example Audit Partners", "XI-IATI-EXAMPLE-1", "70"))));
        events.disburse(governance, "300000.00", day("2017-05-31"));
        events.disburse(governance, "450000.00", day("2018-02-28"));
        events.publish(new GrantSuspended(governance, "Implementing partner under review", day("2018-04-01")));

        GrantRef legacy = grant(Country.SV, Pillar.HUMAN_CAPITAL, "USAID");
        events.publish(new GrantAwarded(legacy, "Youth vocational training", new BigDecimal("1200000.00"),
                day("2016-10-01"), day("2018-09-30"), day("2016-11-15"))); // as awarded before sectors existed
        events.disburse(legacy, "100000.00", day("2017-02-01"));
        events.publish(new GrantAmended(legacy, new BigDecimal("1200000.00"), new BigDecimal("1200000.00"),
                "Partner named", day("2017-03-01"), null,
                List.of(new ImplementingPartner("Centro Ejemplo de Formación", "SV-NIT-0614-010101-101-1", "22"))));

        GrantRef business = grant(Country.GT, Pillar.PRODUCTIVE_SECTOR, "STATE-WHA");
        events.publish(new GrantAwarded(business, "Small business development", new BigDecimal("800000.00"),
                day("2018-01-01"), day("2018-12-31"), day("2018-01-01"),
                List.of(sector("25010", "70"), sector("32130", "30")), List.of()));
        events.publish(new GrantClosed(business, "Closed early", day("2018-06-30")));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Document document = IatiRuleset.parse(export(""));
            for (String id : grantIds) {
                assertThat(count(document, "//iati-activity[contains(iati-identifier, '" + id + "')]"))
                        .as(id).isEqualTo(1);
            }
            assertThat(count(document, "//iati-activity[contains(iati-identifier, '" + justice.grantId()
                    + "')]/activity-date[@type='4']")).isEqualTo(1);
            assertThat(count(document, "//iati-activity[contains(iati-identifier, '" + legacy.grantId()
                    + "')]/participating-org[@role='4']")).isEqualTo(1);
            assertThat(count(document, "//iati-activity[contains(iati-identifier, '" + governance.grantId()
                    + "')][activity-status/@code='6']/transaction")).isEqualTo(3);
            assertThat(count(document, "//iati-activity[contains(iati-identifier, '" + justice.grantId()
                    + "')]/result/indicator/period/actual")).isEqualTo(1);
        });
    }

    GrantRef grant(Country country, Pillar pillar, String agency) {
        GrantRef ref = events.grant(country, pillar, agency);
        grantIds.add(ref.grantId());
        return ref;
    }

    @AfterAll
    void close() {
        if (events != null) {
            events.close();
        }
    }

    /** The whole export (every test's activities on the shared topics: more than WebTestClient's 256 KiB). */
    byte[] export(String query) {
        return http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 << 20)).build().get().uri("/api/v1/export/iati-activities.xml" + query).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBodyContent();
    }

    boolean ours(String iatiIdentifier) {
        return grantIds.stream().anyMatch(id -> iatiIdentifier.endsWith("-" + id));
    }

    @Test
    void everyActivityPassesTheSchemaAndEveryErrorRuleOfThe203Ruleset() throws Exception {
        byte[] xml = export("");
        IatiRuleset.validateSchema(xml);
        IatiRuleset rules = new IatiRuleset(Set.of("US-GOV-1", "US-GOV-11"), LocalDate.now(ZoneOffset.UTC));
        List<IatiRuleset.Finding> findings = rules.check(IatiRuleset.parse(xml), this::ours);
        String summary = IatiRuleset.summary(findings);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "iati-rules-generated.txt"), summary);
        System.out.println("IATI 2.03 ruleset on the generated data set (" + grantIds.size() + " activities):\n"
                + summary);
        assertThat(findings).filteredOn(f -> f.severity().equals("error") && !f.passed()).isEmpty();
        // the rules the issue names were checked, on every activity
        for (String rule : List.of("6.2.2", "6.7.2", "6.6.2", "2.1.2", "12.3.1", "7.5.3", "8.6.3", "1.1.3", "1.1.21",
                "11.1.2", "11.1.3", "11.1.4", "11.1.5", "6.10.1", "6.9.1", "6.9.2")) {
            assertThat(findings).as(rule).anyMatch(f -> f.ruleId().equals(rule));
        }
        assertThat(findings).filteredOn(f -> f.ruleId().equals("6.2.2")).hasSize(grantIds.size());
    }

    @Test
    void budgetsArePerUsFiscalYearFromTheObligationByYear() throws Exception {
        Document document = IatiRuleset.parse(export("?reportingOrg=US-GOV-11"));
        String governanceActivity = "//iati-activity[iati-identifier='US-GOV-11-" + governance.grantId() + "']";
        assertThat(count(document, governanceActivity + "/budget")).isEqualTo(1);
        assertThat(text(document, governanceActivity + "/budget/period-start/@iso-date")).isEqualTo("2017-01-10");
        assertThat(text(document, governanceActivity + "/budget/period-end/@iso-date")).isEqualTo("2017-09-30");
        assertThat(text(document, governanceActivity + "/budget/value")).isEqualTo("2500000.00");
        assertThat(count(document, "//iati-activity[not(starts-with(iati-identifier, 'US-GOV-11-'))]")).isZero();

        Document usaid = IatiRuleset.parse(export("?reportingOrg=US-GOV-1&country=GT"));
        String justiceActivity = "//iati-activity[iati-identifier='US-GOV-1-" + justice.grantId() + "']";
        // FY2016 4,000,000; FY2018 +1,000,000; FY2019 -1,500,000 reduces FY2018 to 0 and FY2016 to 3,500,000
        assertThat(values(usaid, justiceActivity + "/budget/value")).containsExactly("3500000.00");
        assertThat(text(usaid, justiceActivity + "/budget/period-start/@iso-date")).isEqualTo("2016-03-01");
        assertThat(text(usaid, justiceActivity + "/budget/period-end/@iso-date")).isEqualTo("2016-09-30");
        assertThat(values(usaid, justiceActivity + "/sector/@code")).containsExactly("15130", "15210", "16020");
        assertThat(values(usaid, justiceActivity + "/transaction/receiver-org/@ref")).hasSize(6)
                .containsOnly("US-EIN-900000001");
        assertThat(values(usaid, justiceActivity + "/participating-org[@role='4']/@ref"))
                .containsExactly("US-EIN-900000001", "GT-NIT-1234567-8");
        assertThat(count(usaid, "//iati-activity[recipient-country/@code!='GT']")).isZero();
        assertThat(count(IatiRuleset.parse(export("?sector=16020")), justiceActivity)).isEqualTo(1);
        assertThat(count(IatiRuleset.parse(export("?sector=15110")), justiceActivity)).isZero();
    }

    @Test
    void theCsvSelectsGrantsBySectorAndReportingOrganisationAsTheIatiExportDoes() {
        String bySector = http.get().uri("/api/v1/export/transactions.csv?sector=16020").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(bySector).contains(justice.grantId()).doesNotContain(governance.grantId());
        String byOrg = http.get().uri("/api/v1/export/transactions.csv?reportingOrg=US-GOV-11").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(byOrg).contains(governance.grantId()).doesNotContain(justice.grantId());
        // other tests of the shared store add grants of agencies of their own, which report as the default (US-GOV-11)
        assertThat(byOrg.lines().skip(1)).noneMatch(line -> line.contains(",USAID,"));
        http.get().uri("/api/v1/export/transactions.csv?sector=1513").exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("sector");
    }

    @Test
    void anUnknownReportingOrganisationOrSectorIs422NamingTheParameter() {
        http.get().uri("/api/v1/export/iati-activities.xml?reportingOrg=US-USAGOV").exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("reportingOrg");
        http.get().uri("/api/v1/export/iati-activities.xml?sector=99999").exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("sector");
    }

    @Test
    void theExportKnownAtAnInstantReproducesTheFilePublishedThenAfterCorrections() throws Exception {
        GrantRef teachers = events.grant(Country.GT, Pillar.HUMAN_CAPITAL, "USAID"); // not one of grantIds: its own
        events.publish(new GrantAwarded(teachers, "Teacher training", new BigDecimal("900000.00"), day("2016-02-01"),
                day("2019-01-31"), day("2016-02-01"), List.of(sector("11130", "100")),
                List.of(new ImplementingPartner("Example Teachers College", "US-EIN-900000003", "21"))));
        var paid = events.disbursement(teachers, "200000.00", day("2016-05-31"));
        events.publish(paid);
        String trained = TestEvents.id("GT-TEACH");
        events.publish(new IndicatorDefined(trained, Country.GT, IndicatorKind.PROGRAM, "Teachers trained",
                "teachers", true, teachers.grantId(), new PeriodValue("2015", new BigDecimal("0")),
                List.of(new PeriodValue("2018", new BigDecimal("500")))));
        events.publish(new OutcomeMeasured(trained, Country.GT, "2017", new BigDecimal("210"), "Ministry"));
        String query = "?reportingOrg=US-GOV-1&country=GT";
        String activity = "//iati-activity[iati-identifier='US-GOV-1-" + teachers.grantId() + "']";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Document document = IatiRuleset.parse(export(query));
            assertThat(count(document, activity + "/transaction")).isEqualTo(2);
            assertThat(count(document, activity + "/result/indicator/period/actual")).isEqualTo(1);
        });
        // event times are whole milliseconds, and everything published so far has been seen
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
        String published = activity(export(query), teachers);

        // corrections recorded later: the payment reversed, the award reduced, the result revised, a suspension
        events.reverse(paid, day("2016-06-15"));
        events.publish(new GrantAmended(teachers, new BigDecimal("900000.00"), new BigDecimal("850000.00"),
                "Award corrected", day("2016-02-01")));
        events.publish(new OutcomeMeasured(trained, Country.GT, "2017", new BigDecimal("205"), "Ministry, revised"));
        events.publish(new GrantSuspended(teachers, "Review", day("2017-03-01")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(IatiRuleset.parse(export(query)),
                activity + "[activity-status/@code='6']/transaction")).isEqualTo(4));

        byte[] then = export(query + "&knownAt=" + before);
        IatiRuleset.validateSchema(then);
        List<IatiRuleset.Finding> findings = new IatiRuleset(Set.of("US-GOV-1", "US-GOV-11"),
                LocalDate.now(ZoneOffset.UTC)).check(IatiRuleset.parse(then),
                id -> id.endsWith("-" + teachers.grantId()));
        assertThat(findings).isNotEmpty().filteredOn(f -> f.severity().equals("error") && !f.passed()).isEmpty();
        assertThat(activity(then, teachers)).isEqualTo(published);
        String now = activity(export(query), teachers);
        assertThat(now).isNotEqualTo(published).contains("value=\"205\"", "-200000.00", "code=\"6\"");
        assertThat(published).contains("value=\"210\"").doesNotContain("value=\"205\"", "-200000.00");
        // a day means its end (UTC): the file as known at the end of a day long past has none of these grants
        assertThat(count(IatiRuleset.parse(export(query + "&knownAt=2000-01-01")), activity)).isZero();
    }

    @Test
    void anUnreadableKnownAtIs400NamingIt() {
        http.get().uri("/api/v1/export/iati-activities.xml?knownAt=2017-13-45").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith("application/problem+json")
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-parameter")
                .jsonPath("$.errors[0].field").isEqualTo("knownAt");
    }

    @Test
    void theExportAsOfADateLeavesOutLaterTransactionsAndGrantsAndAddsUpToTheViewThen() throws Exception {
        try (TestEvents mine = new TestEvents()) { // a fiscal year of its own: the view's entry is these grants only
            GrantRef roads = mine.grant(Country.GT, Pillar.PRODUCTIVE_SECTOR, "USAID");
            mine.publish(new GrantAwarded(roads, "Rural roads", new BigDecimal("1000000.00"), day("2016-03-01"),
                    day("2018-02-28"), day("2016-03-01"), List.of(sector("21020", "100")),
                    List.of(new ImplementingPartner("Example Roads Consortium", "US-EIN-900000004", "21"))));
            mine.disburse(roads, "100000.00", day("2016-06-30"));
            mine.publish(new GrantAmended(roads, new BigDecimal("1000000.00"), new BigDecimal("1200000.00"),
                    "Second phase", day("2016-12-01")));
            mine.disburse(roads, "150000.00", day("2017-01-31"));
            mine.publish(new GrantSuspended(roads, "Review", day("2017-03-01")));
            GrantRef late = mine.grant(Country.GT, Pillar.PRODUCTIVE_SECTOR, "USAID");
            mine.publish(new GrantAwarded(late, "Market access", new BigDecimal("300000.00"), day("2017-02-01"),
                    day("2018-01-31"), day("2017-02-01"), List.of(sector("25010", "100")), List.of()));
            mine.disburse(late, "50000.00", day("2017-02-15"));
            String query = "?reportingOrg=US-GOV-1&country=GT";
            String roadsActivity = "//iati-activity[iati-identifier='US-GOV-1-" + roads.grantId() + "']";
            String lateActivity = "//iati-activity[iati-identifier='US-GOV-1-" + late.grantId() + "']";
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Document now = IatiRuleset.parse(export(query));
                assertThat(count(now, roadsActivity + "[activity-status/@code='6']/transaction")).isEqualTo(4);
                assertThat(count(now, lateActivity + "/transaction")).isEqualTo(2);
            });

            Document endOf2016 = checked(export(query + "&asOf=2016-12-31"), roads, late);
            assertThat(count(endOf2016, lateActivity)).as("awarded after asOf").isZero();
            assertThat(text(endOf2016, roadsActivity + "/activity-status/@code")).as("suspended later").isEqualTo("2");
            assertThat(values(endOf2016, roadsActivity + "/transaction/value"))
                    .containsExactly("1000000.00", "100000.00", "200000.00");
            assertThat(values(endOf2016, roadsActivity + "/budget/value")).containsExactly("1000000.00", "200000.00");
            addsUpToTheView(endOf2016, mine, "2016-12-31", "");

            Document february2017 = checked(export(query + "&asOf=2017-02-20"), roads, late);
            assertThat(text(february2017, roadsActivity + "/activity-status/@code")).isEqualTo("2");
            assertThat(count(february2017, roadsActivity + "/transaction")).isEqualTo(4);
            assertThat(values(february2017, lateActivity + "/transaction/value"))
                    .containsExactly("300000.00", "50000.00");
            addsUpToTheView(february2017, mine, "2017-02-20", "");

            // (parsed, not validated: a file with no activity at all is not valid 2.03, as with a knownAt long past)
            Document before = IatiRuleset.parse(export(query + "&asOf=2016-02-29"));
            assertThat(count(before, roadsActivity)).as("not awarded yet").isZero();
        }
    }

    @Test
    void asOfAndKnownAtTogetherGiveTheFileOfADayAsKnownAtAnInstant() throws Exception {
        try (TestEvents mine = new TestEvents()) {
            GrantRef clinics = mine.grant(Country.HN, Pillar.HUMAN_CAPITAL, "USAID");
            mine.publish(new GrantAwarded(clinics, "Rural clinics", new BigDecimal("500000.00"), day("2016-04-01"),
                    day("2018-03-31"), day("2016-04-01"), List.of(sector("12220", "100")),
                    List.of(new ImplementingPartner("Example Health Partners", "US-EIN-900000005", "21"))));
            var paid = mine.disbursement(clinics, "80000.00", day("2016-05-31"));
            mine.publish(paid);
            String query = "?reportingOrg=US-GOV-1&country=HN";
            String activity = "//iati-activity[iati-identifier='US-GOV-1-" + clinics.grantId() + "']";
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(count(IatiRuleset.parse(export(query)), activity + "/transaction")).isEqualTo(2));
            Instant known = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);

            // recorded later: a reversal and a suspension that took effect before asOf, a payment after it
            mine.reverse(paid, day("2016-06-10"));
            mine.publish(new GrantSuspended(clinics, "Audit", day("2016-06-20")));
            mine.disburse(clinics, "60000.00", day("2016-09-30"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(
                    IatiRuleset.parse(export(query)), activity + "[activity-status/@code='6']/transaction"))
                    .isEqualTo(4));

            Document asOf = checked(export(query + "&asOf=2016-06-30"), clinics);
            assertThat(values(asOf, activity + "/transaction/value"))
                    .containsExactly("500000.00", "80000.00", "-80000.00");
            assertThat(text(asOf, activity + "/activity-status/@code")).isEqualTo("6");
            addsUpToTheView(asOf, mine, "2016-06-30", "");

            Document both = checked(export(query + "&asOf=2016-06-30&knownAt=" + known), clinics);
            assertThat(values(both, activity + "/transaction/value")).containsExactly("500000.00", "80000.00");
            assertThat(text(both, activity + "/activity-status/@code")).isEqualTo("2");
            addsUpToTheView(both, mine, "2016-06-30", "&knownAt=" + known);

            Document knownOnly = checked(export(query + "&knownAt=" + known), clinics);
            assertThat(values(knownOnly, activity + "/transaction/value")).containsExactly("500000.00", "80000.00");
            assertThat(count(IatiRuleset.parse(export(query + "&asOf=2016-03-31&knownAt=" + known)), activity))
                    .as("not awarded by asOf").isZero();
        }
    }

    @Test
    void anUnreadableAsOfIs400NamingIt() {
        http.get().uri("/api/v1/export/iati-activities.xml?asOf=2017-13-45").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith("application/problem+json")
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-parameter")
                .jsonPath("$.errors[0].field").isEqualTo("asOf");
    }

    /** The export valid against the schema, and no error-level finding of the ruleset on these grants' activities. */
    static Document checked(byte[] xml, GrantRef... grants) throws Exception {
        IatiRuleset.validateSchema(xml);
        Document document = IatiRuleset.parse(xml);
        List<IatiRuleset.Finding> findings = new IatiRuleset(Set.of("US-GOV-1", "US-GOV-11"),
                LocalDate.now(ZoneOffset.UTC)).check(document, id -> java.util.Arrays.stream(grants)
                .anyMatch(g -> id.endsWith("-" + g.grantId())));
        assertThat(findings).filteredOn(f -> f.severity().equals("error") && !f.passed()).isEmpty();
        return document;
    }

    /**
     * The commitments (type 2) and disbursements (type 3) of the activities of {@code mine}'s fiscal year add up to
     * that year's entry of the country view on the same axes.
     */
    void addsUpToTheView(Document document, TestEvents mine, String asOf, String knownAt) throws Exception {
        String fy = Integer.toString(mine.fiscalYear);
        String country = text(document, "//iati-activity[contains(description/narrative, 'fiscal year " + fy
                + ",')]/recipient-country/@code");
        JsonNode view = new Api(http).get("/api/v1/countries/" + country + "?asOf=" + asOf + knownAt);
        JsonNode year = Api.entry(view, "byFiscalYear", fy);
        String ofYear = "//iati-activity[contains(description/narrative, 'fiscal year " + fy + ",')]";
        assertThat(sum(values(document, ofYear + "/transaction[transaction-type/@code='2']/value")))
                .as("obligated as of %s%s", asOf, knownAt).isEqualTo(Api.money(year, "obligated"));
        assertThat(sum(values(document, ofYear + "/transaction[transaction-type/@code='3']/value")))
                .as("disbursed as of %s%s", asOf, knownAt).isEqualTo(Api.money(year, "disbursed"));
    }

    static String sum(List<String> values) {
        return values.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add)
                .toPlainString();
    }

    /** One activity of an export, as written. */
    static String activity(byte[] xml, GrantRef grant) {
        String text = new String(xml, StandardCharsets.UTF_8);
        int id = text.indexOf(">US-GOV-1-" + grant.grantId() + "<");
        assertThat(id).as("activity of " + grant.grantId()).isPositive();
        int start = text.lastIndexOf("<iati-activity", id);
        return text.substring(start, text.indexOf("</iati-activity>", id));
    }

    static int count(Document document, String xpath) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET))
                .getLength();
    }

    static String text(Document document, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, document);
    }

    static List<String> values(Document document, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document,
                XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent());
        }
        return values;
    }
}
