package org.alliancetracker.grants.reprogramming;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.money.Money;

/** A reprogramming as the API shows it. */
public record ReprogrammingView(String id, int fiscalYear, String account, String from, String to,
                                String destination, BigDecimal amount, String notificationReference,
                                LocalDate notifiedOn, LocalDate effectiveOn, String reason) {

    static ReprogrammingView of(String id, int fiscalYear, StoredReprogramming r) {
        return new ReprogrammingView(id, fiscalYear, r.account(), r.from(), r.to(), r.destination(),
                Money.fromCents(r.amountCents()), r.notificationReference(), LocalDate.parse(r.notifiedOn()),
                LocalDate.parse(r.effectiveOn()), r.reason());
    }
}
