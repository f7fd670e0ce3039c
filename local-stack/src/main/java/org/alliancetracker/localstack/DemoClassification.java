package org.alliancetracker.localstack;

import java.util.Map;

/**
 * The sectors (OECD DAC CRS purpose codes, IATI vocabulary 1) and implementing partners of the demo grants, as the
 * {@code sectors} and {@code partners} fields of their award. Codes and names of the codes are real; the partners
 * and their identifiers are illustrative (registration agency prefixes real, numbers made up), like the grants.
 */
final class DemoClassification {

    private static final Map<String, String> SECTORS = Map.ofEntries(
            Map.entry("GT-SEC-001", sectors("15220", 60, "16020", 40)),
            Map.entry("GT-SEC-002", sectors("15130", 50, "15210", 50)),
            Map.entry("GT-HUM-001", sectors("11320", 70, "11330", 30)),
            Map.entry("GT-INS-001", sectors("15113", 70, "15130", 30)),
            Map.entry("SV-SEC-001", sectors("15210", 100)),
            Map.entry("SV-PRO-001", sectors("25010", 40, "32130", 60)),
            Map.entry("SV-HUM-001", sectors("11330", 60, "16020", 40)),
            Map.entry("HN-SEC-001", sectors("15220", 70, "15160", 30)),
            Map.entry("HN-INS-001", sectors("15130", 80, "15110", 20)),
            Map.entry("HN-PRO-001", sectors("31120", 60, "31166", 40)),
            Map.entry("GT-PRO-001", sectors("25010", 30, "31120", 50, "16020", 20)));

    private static final Map<String, String> PARTNERS = Map.ofEntries(
            Map.entry("GT-SEC-001", partners(
                    partner("Community Safety Consortium (illustrative)", "US-EIN-900100001", "21"),
                    partner("Asociación Comunidades Seguras (illustrative)", "GT-NIT-9001001-1", "22"))),
            Map.entry("GT-SEC-002", partners(
                    partner("Justice Training Institute (illustrative)", "US-EIN-900100002", "80"))),
            Map.entry("GT-HUM-001", partners(
                    partner("Education Access Partners (illustrative)", "US-EIN-900100003", "21"),
                    partner("Fundación Escuela Abierta (illustrative)", "GT-NIT-9001002-2", "22"))),
            Map.entry("GT-INS-001", partners(
                    partner("Rule of Law Associates (illustrative)", "US-EIN-900100004", "70"))),
            Map.entry("SV-SEC-001", partners(
                    partner("Public Security Advisers (illustrative)", "US-EIN-900100005", "70"))),
            Map.entry("SV-PRO-001", partners(
                    partner("Small Enterprise Finance Fund (illustrative)", "US-EIN-900100006", "21"),
                    partner("Cooperativa Crédito Joven (illustrative)", "SV-NIT-0614-900101-101-1", "72"))),
            Map.entry("SV-HUM-001", partners(
                    partner("Youth Futures Network (illustrative)", "US-EIN-900100007", "21"))),
            Map.entry("HN-SEC-001", partners(
                    partner("Municipal Safety Alliance (illustrative)", "US-EIN-900100008", "21"),
                    partner("Asociación Barrios en Paz (illustrative)", "HN-RTN-08019900000001", "22"))),
            Map.entry("HN-INS-001", partners(
                    partner("Judicial Reform Partners (illustrative)", "US-EIN-900100009", "70"))),
            Map.entry("HN-PRO-001", partners(
                    partner("Coffee Resilience Cooperative (illustrative)", "HN-RTN-08019900000002", "22"))),
            Map.entry("GT-PRO-001", partners(
                    partner("Rural Markets Consortium (illustrative)", "US-EIN-900100010", "21"),
                    partner("Asociación Cadenas Rurales (illustrative)", "GT-NIT-9001003-3", "22"))));

    private DemoClassification() {
    }

    /** The {@code ,"sectors":[…],"partners":[…]} members of the grant's award body (nothing for another grant). */
    static String fields(String grantId) {
        String sectors = SECTORS.get(grantId);
        String partners = PARTNERS.get(grantId);
        return (sectors == null ? "" : ",\"sectors\":" + sectors) + (partners == null ? "" : ",\"partners\":" + partners);
    }

    private static String sectors(Object... codesAndPercentages) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < codesAndPercentages.length; i += 2) {
            json.append(i == 0 ? "" : ",").append("{\"code\":\"").append(codesAndPercentages[i])
                    .append("\",\"percentage\":").append(codesAndPercentages[i + 1]).append('}');
        }
        return json.append(']').toString();
    }

    private static String partner(String name, String ref, String type) {
        return "{\"name\":\"" + name + "\",\"ref\":\"" + ref + "\",\"type\":\"" + type + "\"}";
    }

    private static String partners(String... partners) {
        return "[" + String.join(",", partners) + "]";
    }
}
