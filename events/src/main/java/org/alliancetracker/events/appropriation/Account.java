package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Month;

import org.alliancetracker.events.Contract;

/**
 * One account of an enacted appropriation (e.g. {@code ESF}, {@code DA}, {@code INCLE}): its amount and the last day
 * it may be obligated ({@code availableUntil}). After that day its unobligated balance has expired; on
 * {@link #closesOn(LocalDate) 30 September of the fifth fiscal year after} the account closes and what is still
 * unliquidated is cancelled (31 U.S.C. 1552). An enactment recorded before accounts existed has none: readers treat it
 * as one account {@link #UNSPLIT} with the {@link #defaultAvailableUntil(int) default period}.
 */
public record Account(String code, BigDecimal amount, LocalDate availableUntil) {

    /** The one account of an appropriation that was not split into accounts. */
    public static final String UNSPLIT = "UNSPLIT";

    public Account {
        Contract.require(code, "code");
        Contract.requireAmount(amount, "amount");
        Contract.require(availableUntil, "availableUntil");
    }

    /** Two-year funds: obligated by 30 September of the fiscal year after the appropriation's. */
    public static LocalDate defaultAvailableUntil(int fiscalYear) {
        return LocalDate.of(fiscalYear + 1, Month.SEPTEMBER, 30);
    }

    /** The day an account whose availability ended on {@code availableUntil} closes (31 U.S.C. 1552(a)). */
    public static LocalDate closesOn(LocalDate availableUntil) {
        return LocalDate.of(fiscalYearOf(availableUntil) + 5, Month.SEPTEMBER, 30);
    }

    /** The U.S. fiscal year a day falls in (FY2017 = 1 October 2016 to 30 September 2017). */
    public static int fiscalYearOf(LocalDate day) {
        return day.getMonthValue() >= Month.OCTOBER.getValue() ? day.getYear() + 1 : day.getYear();
    }
}
