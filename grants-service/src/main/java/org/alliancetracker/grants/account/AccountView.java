package org.alliancetracker.grants.account;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.money.Money;

/**
 * An account as the API shows it, with its status today: {@code unallocated} = amount − allocated − rescinded,
 * {@code unobligated} = what its allocations have not obligated.
 */
public record AccountView(String code, BigDecimal amount, LocalDate availableUntil, LocalDate closesOn,
                          BigDecimal allocated, BigDecimal unallocated, BigDecimal obligated, BigDecimal unobligated,
                          BigDecimal rescinded, AccountStatus status) {

    public static AccountView of(String code, StoredAccount account, long obligatedCents, LocalDate today) {
        return new AccountView(code, Money.fromCents(account.amountCents()), account.availableUntilDate(),
                account.closesOnDate(), Money.fromCents(account.allocatedCents()),
                Money.fromCents(account.unallocatedCents()), Money.fromCents(obligatedCents),
                Money.fromCents(account.allocatedCents() - obligatedCents), Money.fromCents(account.rescindedCents()),
                AccountStatus.on(today, account));
    }
}
