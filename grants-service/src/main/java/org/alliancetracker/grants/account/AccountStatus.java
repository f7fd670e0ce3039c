package org.alliancetracker.grants.account;

import java.time.LocalDate;

/** Where an account stands on a day: open for obligation, expired (only disbursements of what is obligated), closed. */
public enum AccountStatus {
    AVAILABLE, EXPIRED, CLOSED;

    public static AccountStatus on(LocalDate day, StoredAccount account) {
        if (day.isAfter(account.closesOnDate())) {
            return CLOSED;
        }
        return day.isAfter(account.availableUntilDate()) ? EXPIRED : AVAILABLE;
    }
}
