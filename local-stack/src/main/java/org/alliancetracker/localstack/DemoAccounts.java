package org.alliancetracker.localstack;

/**
 * The demo appropriations split into accounts, and which account each demo allocation draws on. Amounts and periods
 * are illustrative (the enacted totals are the public record): FY2016 in two-year funds (available until 30 September
 * 2017), FY2017 with INCLE available until 30 September 2019, so that the 2019 reprogramming away from the three
 * countries could still move it.
 */
final class DemoAccounts {

    private DemoAccounts() {
    }

    /** The {@code accounts} of a year's PUT, or null for a year without accounts. */
    static String of(int year) {
        return switch (year) {
            case 2016 -> """
                    [{"code":"INCLE","amount":280000000.00,"availableUntil":"2017-09-30"},\
                    {"code":"ESF","amount":320000000.00,"availableUntil":"2017-09-30"},\
                    {"code":"DA","amount":150000000.00,"availableUntil":"2017-09-30"}]""";
            case 2017 -> """
                    [{"code":"INCLE","amount":75000000.00,"availableUntil":"2019-09-30"},\
                    {"code":"ESF","amount":400000000.00,"availableUntil":"2018-09-30"},\
                    {"code":"DA","amount":180000000.00,"availableUntil":"2018-09-30"}]""";
            default -> null;
        };
    }

    /** Security and justice from INCLE, human capital from DA, the productive sector and institutions from ESF. */
    static String forPillar(String pillar) {
        return switch (pillar) {
            case "SECURITY_AND_JUSTICE" -> "INCLE";
            case "HUMAN_CAPITAL" -> "DA";
            default -> "ESF";
        };
    }
}
