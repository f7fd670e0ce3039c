package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.alliancetracker.localstack.AllianceServices.Service;
import org.alliancetracker.reporting.iati.IatiRuleset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The demo data goes through the whole budget lifecycle on the three services together, and loading it again (a
 * restart of the local stack) changes nothing.
 */
class DemoDataIT {

    static AllianceServices services;
    static WebTestClient grants;
    static WebTestClient reporting;

    @BeforeAll
    static void startSystem() {
        services = RunningSystem.get();
        grants = RunningSystem.client(Service.GRANTS);
        reporting = RunningSystem.client(Service.REPORTING);
    }

    @Test
    void demoDataRunsTheLifecycleAndLoadsOnlyOnce() throws Exception {
        DemoData demo = new DemoData(services.url(Service.GRANTS), services.url(Service.DISBURSEMENT),
                RunningSystem.issuerUrl());
        assertThat(demo.load()).isTrue();
        String fy2016 = get(grants, "/api/v1/appropriations/2016");
        assertThat(demo.load()).isFalse();
        assertThat(get(grants, "/api/v1/appropriations/2016")).isEqualTo(fy2016);

        grants.get().uri("/api/v1/appropriations/2016").exchange().expectBody()
                .jsonPath("$.enacted").isEqualTo(750000000.00)
                .jsonPath("$.withheld").isEqualTo(0.00)
                .jsonPath("$.released").isEqualTo(562500000.00)
                .jsonPath("$.allocated").isEqualTo(660000000.00)
                .jsonPath("$.available").isEqualTo(90000000.00)
                .jsonPath("$.withholdings[?(@.id == 'migration-cert')].certifiedOn").isEqualTo("2016-06-30")
                .jsonPath("$.withholdings[?(@.id == 'governance-cert')].percent").isEqualTo(50);
        grants.get().uri("/api/v1/allocations?fiscalYear=2016&country=HN").exchange().expectBody()
                .jsonPath("$.length()").isEqualTo(4);
        grants.get().uri("/api/v1/grants/GT-SEC-002").exchange().expectBody()
                .jsonPath("$.obligatedAmount").isEqualTo(22500000.00)
                .jsonPath("$.history[1].change").isEqualTo("AMENDED");
        grants.get().uri("/api/v1/grants?status=SUSPENDED").exchange().expectBody()
                .jsonPath("$[*].id").isEqualTo(List.of("GT-PRO-001"));
        grants.get().uri("/api/v1/indicators?kind=CONTEXT").exchange().expectBody()
                .jsonPath("$[*].id").isEqualTo(List.of("GT-HOMICIDE-RATE", "HN-HOMICIDE-RATE", "SV-HOMICIDE-RATE"))
                .jsonPath("$[?(@.country == 'SV')].actuals[0].value").isEqualTo(60)
                .jsonPath("$[?(@.country == 'HN')].actuals[0].value").isEqualTo(43)
                .jsonPath("$[?(@.country == 'GT')].actuals[0].value").isEqualTo(32)
                .jsonPath("$[?(@.country == 'SV')].actuals[0].source")
                .isEqualTo("InSight Crime 2017 homicide round-up");

        // grants-service learns what was disbursed from alliance.disbursements
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> grants.get()
                .uri("/api/v1/grants/GT-SEC-001").exchange().expectBody()
                .jsonPath("$.disbursedAmount").isEqualTo(3734567.89));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> reporting.get()
                .uri("/api/v1/summary").exchange().expectBody()
                .jsonPath("$.fiscalYears[?(@.fiscalYear == 2016)].allocated").isEqualTo(660000000.00)
                .jsonPath("$.totals.enacted").isEqualTo(1405000000.00));

        // reporting-service: the public record exactly, every stage of the lifecycle, the indicators' progress
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            String summary = get(reporting, "/api/v1/summary");
            assertThat(summary).contains(
                    "{\"fiscalYear\":2016,\"stage\":\"ENACTED\",", "\"requested\":null,\"enacted\":750000000.00,"
                            + "\"withheld\":0.00,\"released\":562500000.00,\"allocated\":660000000.00,",
                    "{\"fiscalYear\":2017,\"stage\":\"ENACTED\",", "\"enacted\":655000000.00,",
                    "{\"fiscalYear\":2018,\"stage\":\"REQUESTED\",",
                    "\"requested\":460000000.00,\"enacted\":null,\"withheld\":null,\"released\":null,");
            reporting.get().uri("/api/v1/countries/GT").exchange().expectBody()
                    .jsonPath("$.grants.suspended").isEqualTo(1)
                    .jsonPath("$.indicators[?(@.id == 'GT-HUM-001-ENROLMENT')].progress").isEqualTo(0.3667);
            reporting.get().uri("/api/v1/countries/HN").exchange().expectBody()
                    .jsonPath("$.indicators[?(@.id == 'HN-HOMICIDE-RATE')].latestActual.value").isEqualTo(43)
                    .jsonPath("$.indicators[?(@.id == 'HN-HOMICIDE-RATE')].progress").isEqualTo(0.6364);
        });
        // the pipeline: the 2019 reprogramming took 30M of HN's unobligated FY2017 INCLE funds out of the Plan
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> reporting.get()
                .uri("/api/v1/countries/HN/pipeline?asOf=2019-07-31").exchange().expectBody()
                .jsonPath("$.byFiscalYear['2017'].reprogrammedOut").isEqualTo(30000000.00)
                .jsonPath("$.byFiscalYear['2017'].unobligated").isEqualTo(70000000.00)
                .jsonPath("$.byFiscalYear['2017'].expiredUnobligated").isEqualTo(60000000.00));
        byte[] iati = reporting.get().uri("/api/v1/export/iati-activities.xml").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBodyContent();
        javax.xml.validation.SchemaFactory.newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(java.nio.file.Path.of("..", "..", "shared", "iati-2.03", "iati-activities-schema.xsd")
                        .toFile())
                .newValidator().validate(new javax.xml.transform.stream.StreamSource(
                        new java.io.ByteArrayInputStream(iati)));
        assertThat(new String(iati, java.nio.charset.StandardCharsets.UTF_8))
                .contains("<iati-identifier>US-GOV-1-GT-HUM-001</iati-identifier>",
                        "<iati-identifier>US-GOV-11-GT-SEC-002</iati-identifier>",
                        "<sector vocabulary=\"1\" code=\"15130\" percentage=\"50\">",
                        "<actual value=\"13100\"></actual>");
        theIatiExportOfTheDemoDataHasNoErrorOfThe203Ruleset(iati);
    }

    /**
     * Every activity of the demo data's IATI export against every activity rule of the IATI Validator's 2.03 ruleset
     * ({@code IatiRuleset}, from {@code ../shared}): no error-level finding; the rule table goes to
     * {@code target/iati-rules-demo.txt}.
     */
    private static void theIatiExportOfTheDemoDataHasNoErrorOfThe203Ruleset(byte[] iati) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(IatiRuleset.available(), "no ../shared/iati-2.03 here");
        var rules = new IatiRuleset(java.util.Set.of("US-GOV-1", "US-GOV-11"),
                java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        var findings = rules.check(IatiRuleset.parse(iati), id -> true);
        String summary = IatiRuleset.summary(findings);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "iati-rules-demo.txt"), summary);
        System.out.println("IATI 2.03 ruleset on the demo data:\n" + summary);
        assertThat(findings).filteredOn(f -> f.severity().equals("error") && !f.passed()).isEmpty();
        long activities = java.util.regex.Pattern.compile("<iati-activity[ >]")
                .matcher(new String(iati, java.nio.charset.StandardCharsets.UTF_8)).results().count();
        assertThat(activities).as("one activity per demo grant").isGreaterThanOrEqualTo(11);
        assertThat(findings).filteredOn(f -> f.ruleId().equals("6.2.2")).hasSize((int) activities);
    }

    private static String get(WebTestClient client, String uri) {
        return client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
    }
}
