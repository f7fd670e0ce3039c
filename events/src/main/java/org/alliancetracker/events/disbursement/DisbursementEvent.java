package org.alliancetracker.events.disbursement;

import java.math.BigDecimal;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.GrantRef;

/** Events on {@code alliance.disbursements}, keyed by grant id so that a grant's money stays in order. */
public sealed interface DisbursementEvent extends AllianceEvent permits DisbursementRecorded, DisbursementReversed {

    String disbursementId();

    GrantRef grant();

    BigDecimal amount();

    @Override
    default String aggregateId() {
        return grant().grantId();
    }
}
