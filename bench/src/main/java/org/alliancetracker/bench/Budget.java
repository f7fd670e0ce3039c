package org.alliancetracker.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.localstack.DemoClients;

/**
 * The budget the load runs against, set up through grants-service as a program officer would: FY2016 enacted at
 * $9 trillion, one allocation per country, and USAID grants large enough that no benchmark request is ever refused
 * for lack of obligation ({@code ingestGrants} in GT and SV for P1 and P2, one HN grant of its own for P3, so the
 * HN country view changes only with P3's posts).
 */
final class Budget {

    static final String AGENCY_CLIENT = "usaid-demo";
    static final String FRESHNESS_GRANT = "HN-BENCH-FRESH";

    private final Api api = new Api();
    private final BenchStack stack;
    private final List<String> ingestGrants = new ArrayList<>();

    Budget(BenchStack stack) {
        this.stack = stack;
    }

    List<String> ingestGrants() {
        return ingestGrants;
    }

    void create(int grantsPerCountry) {
        DemoClients clients = stack.clients();
        String officer = clients.bearer(DemoClients.PROGRAM_OFFICER);
        String grants = stack.url("grants");
        api.expectOk(api.put(grants + "/api/v1/appropriations/2016", """
                {"stage":"ENACTED","amount":9000000000000.00,"source":"Benchmark budget","withholdings":[]}""",
                officer), "appropriation");
        for (String country : List.of("GT", "SV", "HN")) {
            String allocation = api.expectOk(api.post(grants + "/api/v1/allocations", "{\"fiscalYear\":2016,"
                    + "\"country\":\"" + country + "\",\"pillar\":\"HUMAN_CAPITAL\",\"amount\":2000000000000.00,"
                    + "\"allocatedOn\":\"2016-01-01\"}",
                    officer), "allocation").json().get("id").asString();
            int count = country.equals("HN") ? 1 : grantsPerCountry;
            for (int i = 1; i <= count; i++) {
                String id = country.equals("HN") ? FRESHNESS_GRANT : String.format("%s-BENCH-%02d", country, i);
                api.expectOk(api.post(grants + "/api/v1/grants", "{\"id\":\"" + id + "\",\"allocationId\":\""
                        + allocation + "\",\"agency\":\"USAID\",\"title\":\"Benchmark grant\","
                        + "\"obligatedAmount\":90000000000.00,\"startDate\":\"2016-01-01\","
                        + "\"endDate\":\"2030-12-31\"}", officer), "grant " + id);
                if (!country.equals("HN")) {
                    ingestGrants.add(id);
                }
            }
        }
        String agency = clients.bearer(AGENCY_CLIENT);
        List<String> all = new ArrayList<>(ingestGrants);
        all.add(FRESHNESS_GRANT);
        for (String id : all) {
            Api.await("disbursement-service to learn of grant " + id, Duration.ofSeconds(120),
                    () -> api.get(stack.url("disbursement") + "/api/v1/grants/" + id + "/balance", agency).ok());
        }
    }

    /** A disbursement request body (the same size for the real and the no-op endpoint). */
    static String disbursement(String grantId, String amount, String reference) {
        return "{\"grantId\":\"" + grantId + "\",\"amount\":" + amount + ",\"currency\":\"USD\","
                + "\"valueDate\":\"2017-06-30\",\"reference\":\"" + reference + "\","
                + "\"description\":\"Benchmark disbursement\"}";
    }
}
