package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;

/**
 * A law cancelled {@code amount} of the still unallocated budget authority of a fiscal year's {@code account}.
 * Keyed by fiscal year.
 */
public record AppropriationRescinded(String rescissionId, int fiscalYear, String account, BigDecimal amount,
                                     String source, LocalDate rescindedOn) implements AppropriationEvent {

    public AppropriationRescinded {
        Contract.require(rescissionId, "rescissionId");
        Contract.require(account, "account");
        Contract.requireAmount(amount, "amount");
        Contract.require(source, "source");
        Contract.require(rescindedOn, "rescindedOn");
    }
}
