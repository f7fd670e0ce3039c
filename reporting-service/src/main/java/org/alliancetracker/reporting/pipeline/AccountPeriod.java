package org.alliancetracker.reporting.pipeline;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import org.alliancetracker.events.appropriation.Account;

/** An account's period of availability and closing, and where it stands on a day. */
record AccountPeriod(int fiscalYear, String code, long amountCents, LocalDate availableUntil, LocalDate closesOn) {

    static AccountPeriod of(int fiscalYear, String code, long amountCents, LocalDate availableUntil) {
        return new AccountPeriod(fiscalYear, code, amountCents, availableUntil, Account.closesOn(availableUntil));
    }

    /** An account no enactment has described (yet): the default period of its year. */
    static AccountPeriod unknown(int fiscalYear, String code) {
        return of(fiscalYear, code, 0L, Account.defaultAvailableUntil(fiscalYear));
    }

    boolean closed(LocalDate day) {
        return day.isAfter(closesOn);
    }

    boolean expired(LocalDate day) {
        return day.isAfter(availableUntil);
    }

    /** Still available, and the last day of availability is at most 90 days away. */
    boolean expiringWithin90Days(LocalDate day) {
        return !expired(day) && ChronoUnit.DAYS.between(day, availableUntil) <= 90;
    }

    String status(LocalDate day) {
        return closed(day) ? "CLOSED" : expired(day) ? "EXPIRED" : "AVAILABLE";
    }
}
