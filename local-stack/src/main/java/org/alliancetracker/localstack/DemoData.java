package org.alliancetracker.localstack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads demo data through the public APIs, as an agency or program officer would. The appropriations are the public
 * record (FY2016 $750M and FY2017 $655M enacted, FY2018 $460M requested), as are FY2016's two withholdings (25% until
 * a migration-related certification, 50% until governance criteria are certified) and the 2017 homicide rates; the
 * certification dates, allocations, grants, amendments, disbursements, baselines and targets are illustrative and
 * labelled so. Loaded once: skipped when FY2016 already exists.
 */
final class DemoData {

    private static final String FY2016_WITHHOLDINGS = """
            [{"id":"migration-cert","percent":25,"condition":"Secretary of State certifies that the governments of \
            El Salvador, Guatemala and Honduras inform their citizens of the dangers of the journey, combat smuggling \
            and trafficking, and cooperate in receiving returned nationals"},
             {"id":"governance-cert","percent":50,"condition":"Secretary of State certifies progress on the act's \
            governance criteria: fighting corruption, protecting human rights, reducing violence, raising revenue"}]""";

    private final Http http = new Http();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String grants;
    private final String disbursements;
    private final Map<String, String> allocationIds = new HashMap<>();
    private final Map<String, String> grantAgencies = new HashMap<>();
    private final DemoClients clients;

    /** Budget changes as the demo program officer, disbursements as the demo client of each grant's agency. */
    DemoData(String grantsUrl, String disbursementsUrl, String issuerUrl) {
        this.grants = grantsUrl;
        this.disbursements = disbursementsUrl;
        this.clients = new DemoClients(issuerUrl);
    }

    private String[] officer() {
        return new String[] {"Authorization", clients.bearer(DemoClients.PROGRAM_OFFICER)};
    }

    private String agencyOf(String grantId) {
        return clients.bearer(DemoClients.agencyClient(grantAgencies.get(grantId)));
    }

    /** @return false when the demo data was already there */
    boolean load() {
        if (http.get(grants + "/api/v1/appropriations/2016").ok()) {
            return false;
        }
        appropriation(2016, "ENACTED", "750000000.00", "Consolidated Appropriations Act, 2016 (P.L. 114-113)",
                FY2016_WITHHOLDINGS);
        appropriation(2017, "ENACTED", "655000000.00", "Consolidated Appropriations Act, 2017 (P.L. 115-31)", "[]");
        appropriation(2018, "REQUESTED", "460000000.00", "FY2018 Congressional Budget Justification", "[]");
        // until certified, only the unwithheld 25% of FY2016 ($187.5M) may be allocated
        certification(2016, "migration-cert", "2016-06-30", "Certification transmitted to Congress (date illustrative)");
        certification(2016, "governance-cert", "2016-09-30", "Certification transmitted to Congress (date illustrative)");

        allocation("GT-SEC-16", 2016, "GT", "SECURITY_AND_JUSTICE", "100000000.00");
        allocation("GT-HUM-16", 2016, "GT", "HUMAN_CAPITAL", "60000000.00");
        allocation("GT-PRO-16", 2016, "GT", "PRODUCTIVE_SECTOR", "45000000.00");
        allocation("GT-INS-16", 2016, "GT", "INSTITUTIONS", "35000000.00");
        allocation("SV-SEC-16", 2016, "SV", "SECURITY_AND_JUSTICE", "90000000.00");
        allocation("SV-PRO-16", 2016, "SV", "PRODUCTIVE_SECTOR", "50000000.00");
        allocation("SV-HUM-16", 2016, "SV", "HUMAN_CAPITAL", "40000000.00");
        allocation("SV-INS-16", 2016, "SV", "INSTITUTIONS", "30000000.00");
        allocation("HN-SEC-16", 2016, "HN", "SECURITY_AND_JUSTICE", "80000000.00");
        allocation("HN-INS-16", 2016, "HN", "INSTITUTIONS", "45000000.00");
        allocation("HN-PRO-16", 2016, "HN", "PRODUCTIVE_SECTOR", "40000000.00");
        allocation("HN-HUM-16", 2016, "HN", "HUMAN_CAPITAL", "45000000.00");
        allocation("GT-PRO-17", 2017, "GT", "PRODUCTIVE_SECTOR", "70000000.00");
        allocation("SV-HUM-17", 2017, "SV", "HUMAN_CAPITAL", "55000000.00");
        allocation("HN-HUM-17", 2017, "HN", "HUMAN_CAPITAL", "60000000.00");

        grant("GT-SEC-001", "GT-SEC-16", "USAID", "Community-based violence prevention (illustrative)", "40000000.00",
                "2016-03-01", "2019-02-28");
        grant("GT-SEC-002", "GT-SEC-16", "STATE-INL", "Police and prosecutor training (illustrative)", "25000000.00",
                "2016-05-01", "2019-04-30");
        grant("GT-HUM-001", "GT-HUM-16", "USAID", "Secondary education access (illustrative)", "18000000.00",
                "2016-07-01", "2019-06-30");
        grant("GT-INS-001", "GT-INS-16", "STATE-INL", "Anti-corruption prosecutors support (illustrative)",
                "12000000.00", "2016-10-01", "2019-09-30");
        grant("SV-SEC-001", "SV-SEC-16", "STATE-INL", "Anti-gang task force support (illustrative)", "30000000.00",
                "2016-04-01", "2019-03-31");
        grant("SV-PRO-001", "SV-PRO-16", "USAID", "Small business lending (illustrative)", "20000000.00",
                "2016-06-01", "2019-05-31");
        grant("SV-HUM-001", "SV-HUM-16", "USAID", "Youth workforce development (illustrative)", "15000000.00",
                "2016-08-01", "2019-07-31");
        grant("HN-SEC-001", "HN-SEC-16", "USAID", "Municipal violence prevention (illustrative)", "35000000.00",
                "2016-03-15", "2019-03-14");
        grant("HN-INS-001", "HN-INS-16", "STATE-INL", "Justice sector reform (illustrative)", "15000000.00",
                "2016-08-01", "2019-07-31");
        grant("HN-PRO-001", "HN-PRO-16", "USAID", "Rural incomes after coffee rust (illustrative)", "14000000.00",
                "2016-07-01", "2019-06-30");
        grant("GT-PRO-001", "GT-PRO-17", "USAID", "Rural value chains (illustrative)", "28000000.00",
                "2017-04-01", "2020-03-31");

        disbursement("GT-SEC-001", "1234567.89", "2016-06-30", "INV-GT-SEC-001-1");
        disbursement("GT-SEC-001", "2500000.00", "2016-12-15", "INV-GT-SEC-001-2");
        disbursement("GT-SEC-002", "3100000.00", "2016-09-30", "INV-GT-SEC-002-1");
        disbursement("GT-HUM-001", "1800000.00", "2017-01-31", "INV-GT-HUM-001-1");
        disbursement("GT-PRO-001", "4200000.00", "2017-09-29", "INV-GT-PRO-001-1");
        disbursement("SV-SEC-001", "5000000.00", "2016-10-31", "INV-SV-SEC-001-1");
        disbursement("SV-PRO-001", "2750000.50", "2017-03-31", "INV-SV-PRO-001-1");
        disbursement("HN-SEC-001", "3500000.00", "2016-11-30", "INV-HN-SEC-001-1");
        disbursement("HN-SEC-001", "1250000.25", "2017-05-31", "INV-HN-SEC-001-2");
        disbursement("HN-INS-001", "900000.00", "2017-02-28", "INV-HN-INS-001-1");

        change("GT-SEC-002", "amendments", """
                {"obligatedAmount":22500000.00,"reason":"De-obligation after mid-term review (illustrative)",\
                "amendedOn":"2017-10-02"}""");
        // the real case: the March 2019 suspension of assistance to the Northern Triangle
        change("GT-PRO-001", "suspension", """
                {"reason":"U.S. assistance to El Salvador, Guatemala and Honduras suspended (March 2019)",\
                "effectiveOn":"2019-03-30"}""");

        homicides("SV", "103", "50", "60", "InSight Crime 2017 homicide round-up");
        homicides("HN", "57", "35", "43", "InSight Crime 2017 homicide round-up");
        homicides("GT", "29.5", "25", "32",
                "Figure as cited in the project brief (illustrative; not checked against a primary source)");
        indicator("""
                {"id":"GT-HUM-001-ENROLMENT","country":"GT","kind":"PROGRAM",\
                "name":"Students enrolled in program-supported secondary schools (illustrative)","unit":"students",\
                "ascending":true,"grantId":"GT-HUM-001","baseline":{"period":"2016","value":12000},\
                "targets":[{"period":"2018","value":15000}]}""");
        measurement("GT-HUM-001-ENROLMENT", "2017", "13100", "Implementing partner report (illustrative)");
        pipelineStory();
        return true;
    }

    /**
     * Where the money is: obligations made late in their period (FY2016 two days before it expired, FY2017 INCLE a
     * year before), and the 2019 suspension of assistance to the three countries with a reprogramming of unobligated
     * FY2017 funds away from them (GAO-21-104366 reports about $396 million; the amounts here are illustrative).
     */
    private void pipelineStory() {
        allocation("HN-SEC-17", 2017, "HN", "SECURITY_AND_JUSTICE", "60000000.00");
        grant("SV-INS-001", "SV-INS-16", "USAID", "Municipal transparency (illustrative; obligated late)", "12000000.00",
                "2017-09-28", "2020-09-27");
        grant("HN-SEC-002", "HN-SEC-17", "STATE-INL", "Community policing (illustrative; obligated late)",
                "20000000.00", "2018-09-25", "2021-09-24");
        disbursement("HN-SEC-002", "4000000.00", "2019-01-15", "INV-HN-SEC-002-1");
        expectOk(http.post(grants + "/api/v1/reprogrammings", """
                {"id":"RP-2019-HN-SEC-17","from":"%s","destination":"Other Western Hemisphere programs (illustrative)",\
                "amount":30000000.00,"notificationReference":"CN 19-117 (illustrative)","notifiedOn":"2019-06-17",\
                "effectiveOn":"2019-07-02","reason":"Assistance to the three countries suspended in March 2019"}"""
                .formatted(allocationIds.get("HN-SEC-17")), officer()));
    }

    private void appropriation(int year, String stage, String amount, String source, String withholdings) {
        String accounts = DemoAccounts.of(year);
        expectOk(http.put(grants + "/api/v1/appropriations/" + year, "{\"stage\":\"" + stage + "\",\"amount\":"
                + amount + ",\"source\":\"" + source + "\",\"withholdings\":" + withholdings
                + (accounts == null ? "" : ",\"accounts\":" + accounts) + "}", officer()));
    }

    private void certification(int year, String withholdingId, String certifiedOn, String note) {
        expectOk(http.post(grants + "/api/v1/appropriations/" + year + "/certifications", "{\"withholdingId\":\""
                + withholdingId + "\",\"certifiedOn\":\"" + certifiedOn + "\",\"note\":\"" + note + "\"}", officer()));
    }

    private void allocation(String name, int year, String country, String pillar, String amount) {
        Http.Response response = expectOk(http.post(grants + "/api/v1/allocations", "{\"fiscalYear\":" + year
                + ",\"country\":\"" + country + "\",\"pillar\":\"" + pillar + "\",\"amount\":" + amount
                + ",\"account\":\"" + DemoAccounts.forPillar(pillar) + "\",\"allocatedOn\":\"" + year + "-02-15\"}",
                officer()));
        allocationIds.put(name, field(response, "id"));
    }

    private void grant(String id, String allocation, String agency, String title, String amount, String start,
                       String end) {
        expectOk(http.post(grants + "/api/v1/grants", "{\"id\":\"" + id + "\",\"allocationId\":\""
                + allocationIds.get(allocation) + "\",\"agency\":\"" + agency + "\",\"title\":\"" + title
                + "\",\"obligatedAmount\":" + amount + ",\"startDate\":\"" + start + "\",\"endDate\":\"" + end + "\""
                + DemoClassification.fields(id) + "}",
                officer()));
        grantAgencies.put(id, agency);
    }

    /** An amendment, suspension, resumption or closure of a grant. */
    private void change(String grantId, String kind, String body) {
        expectOk(http.post(grants + "/api/v1/grants/" + grantId + "/" + kind, body, officer()));
    }

    /** Homicides per 100,000 inhabitants: 2015 baseline and 2019 target illustrative, 2017 actual with its source. */
    private void homicides(String country, String baseline2015, String target2019, String actual2017, String source) {
        String id = country + "-HOMICIDE-RATE";
        indicator("{\"id\":\"" + id + "\",\"country\":\"" + country + "\",\"kind\":\"CONTEXT\","
                + "\"name\":\"Homicides per 100,000 inhabitants (baseline and target illustrative)\","
                + "\"unit\":\"homicides per 100,000\",\"ascending\":false,"
                + "\"baseline\":{\"period\":\"2015\",\"value\":" + baseline2015 + "},"
                + "\"targets\":[{\"period\":\"2019\",\"value\":" + target2019 + "}]}");
        measurement(id, "2017", actual2017, source);
    }

    private void indicator(String body) {
        expectOk(http.post(grants + "/api/v1/indicators", body, officer()));
    }

    private void measurement(String indicatorId, String period, String value, String source) {
        expectOk(http.post(grants + "/api/v1/indicators/" + indicatorId + "/measurements", "{\"period\":\"" + period
                + "\",\"value\":" + value + ",\"source\":\"" + source + "\"}", officer()));
    }

    private void disbursement(String grantId, String amount, String valueDate, String reference) {
        awaitGrantKnown(grantId);
        expectOk(http.post(disbursements + "/api/v1/disbursements", "{\"grantId\":\"" + grantId + "\",\"amount\":"
                + amount + ",\"currency\":\"USD\",\"valueDate\":\"" + valueDate + "\",\"reference\":\"" + reference
                + "\",\"description\":\"Demo disbursement (illustrative)\"}", "Idempotency-Key", "demo-" + reference,
                "Authorization", agencyOf(grantId)));
    }

    /** disbursement-service learns of grants from Kafka: wait until it has. */
    private void awaitGrantKnown(String grantId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!http.get(disbursements + "/api/v1/grants/" + grantId + "/balance", "Authorization", agencyOf(grantId))
                .ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("disbursement-service never learned of grant " + grantId);
            }
            LocalStack.pause(Duration.ofMillis(100));
        }
    }

    private String field(Http.Response response, String name) {
        JsonNode node = json.readTree(response.body()).get(name);
        return node == null ? null : node.asString();
    }

    private static Http.Response expectOk(Http.Response response) {
        if (!response.ok()) {
            throw new IllegalStateException("Demo data request failed: " + response.status() + " " + response.body());
        }
        return response;
    }
}
