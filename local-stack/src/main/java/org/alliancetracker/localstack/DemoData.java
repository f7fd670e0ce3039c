package org.alliancetracker.localstack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads demo data through the public APIs, as an agency or program officer would. The appropriations are the public
 * record (FY2016 $750M and FY2017 $655M enacted, FY2018 $460M requested); allocations, grants and disbursements are
 * illustrative and labelled so. Loaded once: skipped when FY2016 already exists.
 */
final class DemoData {

    private final Http http = new Http();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String grants;
    private final String disbursements;
    private final Map<String, String> allocationIds = new HashMap<>();

    DemoData(String grantsUrl, String disbursementsUrl) {
        this.grants = grantsUrl;
        this.disbursements = disbursementsUrl;
    }

    /** @return false when the demo data was already there */
    boolean load() {
        if (http.get(grants + "/api/v1/appropriations/2016").ok()) {
            return false;
        }
        appropriation(2016, "ENACTED", "750000000.00", "Consolidated Appropriations Act, 2016 (P.L. 114-113)");
        appropriation(2017, "ENACTED", "655000000.00", "Consolidated Appropriations Act, 2017 (P.L. 115-31)");
        appropriation(2018, "REQUESTED", "460000000.00", "FY2018 Congressional Budget Justification");

        allocation("GT-SEC-16", 2016, "GT", "SECURITY_AND_JUSTICE", "100000000.00");
        allocation("GT-HUM-16", 2016, "GT", "HUMAN_CAPITAL", "60000000.00");
        allocation("SV-SEC-16", 2016, "SV", "SECURITY_AND_JUSTICE", "90000000.00");
        allocation("SV-PRO-16", 2016, "SV", "PRODUCTIVE_SECTOR", "50000000.00");
        allocation("HN-SEC-16", 2016, "HN", "SECURITY_AND_JUSTICE", "80000000.00");
        allocation("HN-INS-16", 2016, "HN", "INSTITUTIONS", "45000000.00");
        allocation("GT-PRO-17", 2017, "GT", "PRODUCTIVE_SECTOR", "70000000.00");
        allocation("SV-HUM-17", 2017, "SV", "HUMAN_CAPITAL", "55000000.00");
        allocation("HN-HUM-17", 2017, "HN", "HUMAN_CAPITAL", "60000000.00");

        grant("GT-SEC-001", "GT-SEC-16", "USAID", "Community-based violence prevention (illustrative)", "40000000.00",
                "2016-03-01", "2019-02-28");
        grant("GT-SEC-002", "GT-SEC-16", "STATE-INL", "Police and prosecutor training (illustrative)", "25000000.00",
                "2016-05-01", "2019-04-30");
        grant("GT-HUM-001", "GT-HUM-16", "USAID", "Secondary education access (illustrative)", "18000000.00",
                "2016-07-01", "2019-06-30");
        grant("SV-SEC-001", "SV-SEC-16", "STATE-INL", "Anti-gang task force support (illustrative)", "30000000.00",
                "2016-04-01", "2019-03-31");
        grant("SV-PRO-001", "SV-PRO-16", "USAID", "Small business lending (illustrative)", "20000000.00",
                "2016-06-01", "2019-05-31");
        grant("HN-SEC-001", "HN-SEC-16", "USAID", "Municipal violence prevention (illustrative)", "35000000.00",
                "2016-03-15", "2019-03-14");
        grant("HN-INS-001", "HN-INS-16", "STATE-INL", "Justice sector reform (illustrative)", "15000000.00",
                "2016-08-01", "2019-07-31");
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
        return true;
    }

    private void appropriation(int year, String stage, String amount, String source) {
        expectOk(http.put(grants + "/api/v1/appropriations/" + year,
                "{\"stage\":\"" + stage + "\",\"amount\":" + amount + ",\"source\":\"" + source + "\"}"));
    }

    private void allocation(String name, int year, String country, String pillar, String amount) {
        Http.Response response = expectOk(http.post(grants + "/api/v1/allocations", "{\"fiscalYear\":" + year
                + ",\"country\":\"" + country + "\",\"pillar\":\"" + pillar + "\",\"amount\":" + amount + "}"));
        allocationIds.put(name, field(response, "id"));
    }

    private void grant(String id, String allocation, String agency, String title, String amount, String start,
                       String end) {
        expectOk(http.post(grants + "/api/v1/grants", "{\"id\":\"" + id + "\",\"allocationId\":\""
                + allocationIds.get(allocation) + "\",\"agency\":\"" + agency + "\",\"title\":\"" + title
                + "\",\"obligatedAmount\":" + amount + ",\"startDate\":\"" + start + "\",\"endDate\":\"" + end + "\"}"));
    }

    private void disbursement(String grantId, String amount, String valueDate, String reference) {
        awaitGrantKnown(grantId);
        expectOk(http.post(disbursements + "/api/v1/disbursements", "{\"grantId\":\"" + grantId + "\",\"amount\":"
                + amount + ",\"currency\":\"USD\",\"valueDate\":\"" + valueDate + "\",\"reference\":\"" + reference
                + "\",\"description\":\"Demo disbursement (illustrative)\"}", "Idempotency-Key", "demo-" + reference));
    }

    /** disbursement-service learns of grants from Kafka: wait until it has. */
    private void awaitGrantKnown(String grantId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!http.get(disbursements + "/api/v1/grants/" + grantId + "/balance").ok()) {
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
