package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;
import java.util.List;

import org.alliancetracker.events.Contract;

/**
 * Congress enacted the appropriation for a fiscal year (or an enactment was restated with new figures). Its
 * {@code accounts} add up to {@code amount}; an event written before accounts existed has none, which means one
 * account {@link Account#UNSPLIT} with the default period.
 */
public record AppropriationEnacted(int fiscalYear, BigDecimal amount, String source, List<Withholding> withholdings,
                                   List<Account> accounts)
        implements AppropriationEvent {

    public AppropriationEnacted {
        Contract.requireAmount(amount, "amount");
        Contract.require(source, "source");
        withholdings = withholdings == null ? List.of() : List.copyOf(withholdings);
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /** An enactment without accounts (one {@link Account#UNSPLIT} account). */
    public AppropriationEnacted(int fiscalYear, BigDecimal amount, String source, List<Withholding> withholdings) {
        this(fiscalYear, amount, source, withholdings, List.of());
    }

    /** The accounts, or the one implied by an enactment that names none. */
    public List<Account> accountsOrDefault() {
        return accounts.isEmpty()
                ? List.of(new Account(Account.UNSPLIT, amount, Account.defaultAvailableUntil(fiscalYear)))
                : accounts;
    }
}
