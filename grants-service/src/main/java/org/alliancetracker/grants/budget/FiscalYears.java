package org.alliancetracker.grants.budget;

import org.alliancetracker.platform.web.ApiProblem;

/**
 * The fiscal years this service keeps budgets for: the Alliance for Prosperity Plan's horizon, 2015 to 2030. A year
 * outside it in a path or query is a 422 naming the parameter (in a body, {@code @Min}/{@code @Max} say the same).
 */
public final class FiscalYears {

    public static final int FIRST = 2015;
    public static final int LAST = 2030;

    private FiscalYears() {
    }

    public static void check(String parameter, Integer fiscalYear) {
        if (fiscalYear != null && (fiscalYear < FIRST || fiscalYear > LAST)) {
            throw ApiProblem.invalidField(parameter, "must be between " + FIRST + " and " + LAST);
        }
    }
}
