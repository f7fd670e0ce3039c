package org.alliancetracker.disbursement.ledger;

/**
 * A grant's status as this service's ledger keeps it from the grant events: only an {@code ACTIVE} grant takes new
 * disbursements. Stored as the name.
 */
public enum LedgerStatus {
    ACTIVE, SUSPENDED, CLOSED
}
