package org.alliancetracker.events.appropriation;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Contract;

/**
 * Unobligated funds of allocation {@code from} were moved, within {@code account}, to allocation {@code to}, or out
 * of the Plan when {@code to} is absent ({@code destination} then says where), after the congressional notification
 * {@code notificationReference} of {@code notifiedOn}. Keyed by fiscal year.
 */
public record FundsReprogrammed(String reprogrammingId, int fiscalYear, String account, AllocationRef from,
                                AllocationRef to, String destination, BigDecimal amount, String notificationReference,
                                LocalDate notifiedOn, LocalDate effectiveOn, String reason)
        implements AppropriationEvent {

    public FundsReprogrammed {
        Contract.require(reprogrammingId, "reprogrammingId");
        Contract.require(account, "account");
        Contract.require(from, "from");
        if (to == null) {
            Contract.require(destination, "destination");
        }
        Contract.requireAmount(amount, "amount");
        Contract.require(notificationReference, "notificationReference");
        Contract.require(notifiedOn, "notifiedOn");
        Contract.require(effectiveOn, "effectiveOn");
    }
}
