package org.alliancetracker.grants.account;

import java.time.LocalDate;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** The problems of the account rules, each naming its rule and what the client needs to act. */
public final class AccountProblems {

    private AccountProblems() {
    }

    /** After {@code availableUntil} nothing new may be allocated or obligated from the account. */
    public static ApiProblem fundsExpired(int fiscalYear, String account, LocalDate availableUntil, LocalDate on) {
        return new ApiProblem(HttpStatus.CONFLICT, "funds-expired", "Funds expired",
                "Account " + account + " of FY" + fiscalYear + " was available for obligation until " + availableUntil
                        + "; nothing new can be allocated, obligated or reprogrammed from it on " + on)
                .with("fiscalYear", fiscalYear).with("account", account).with("availableUntil", availableUntil);
    }

    public static ApiProblem unknownAccount(String field, int fiscalYear, String account, Iterable<String> known) {
        return ApiProblem.invalidField(field, "FY" + fiscalYear + " has no account '" + account + "' (it has "
                + String.join(", ", known) + ")");
    }

    public static ApiProblem accountInUse(int fiscalYear, String account) {
        return new ApiProblem(HttpStatus.CONFLICT, "account-in-use", "Account in use",
                "Account " + account + " of FY" + fiscalYear
                        + " has allocations or rescissions; it cannot be removed or shrunk below them")
                .with("fiscalYear", fiscalYear).with("account", account);
    }

    public static ApiProblem exceedsAccount(int fiscalYear, String account, long unallocatedCents) {
        var unallocated = org.alliancetracker.platform.money.Money.fromCents(unallocatedCents);
        return new ApiProblem(HttpStatus.CONFLICT, "exceeds-available-funds", "Exceeds available funds",
                "Account " + account + " of FY" + fiscalYear + " has " + unallocated + " not yet allocated")
                .with("fiscalYear", fiscalYear).with("account", account).with("available", unallocated);
    }
}
