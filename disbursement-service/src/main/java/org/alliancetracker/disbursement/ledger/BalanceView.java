package org.alliancetracker.disbursement.ledger;

import java.math.BigDecimal;

import org.alliancetracker.platform.money.Money;
import org.bson.Document;

/** What a grant has obligated, what has been disbursed against it and what remains. */
public record BalanceView(String grantId, String status, BigDecimal obligated, BigDecimal disbursed,
                          BigDecimal remaining) {

    static BalanceView of(Document ledger) {
        return new BalanceView(ledger.getString("_id"), ledger.getString("status"),
                Money.fromCents(ledger.get("obligatedCents", 0L)), Money.fromCents(ledger.get("disbursedCents", 0L)),
                Money.fromCents(ledger.get("remainingCents", 0L)));
    }
}
