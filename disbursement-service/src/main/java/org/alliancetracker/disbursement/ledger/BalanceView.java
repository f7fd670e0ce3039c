package org.alliancetracker.disbursement.ledger;

import java.math.BigDecimal;

import org.alliancetracker.platform.money.Money;

/** What a grant has obligated, what has been disbursed against it and what remains. */
public record BalanceView(String grantId, String status, BigDecimal obligated, BigDecimal disbursed,
                          BigDecimal remaining) {

    static BalanceView of(LedgerState ledger) {
        return new BalanceView(ledger.id(), ledger.status().name(), cents(ledger.obligatedCents()),
                cents(ledger.disbursedCents()), cents(ledger.remainingCents()));
    }

    private static BigDecimal cents(Long cents) {
        return Money.fromCents(cents == null ? 0L : cents);
    }
}
