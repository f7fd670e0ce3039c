package org.alliancetracker.events.appropriation;

import org.alliancetracker.events.AllianceEvent;

/** Events on {@code alliance.appropriations}, keyed by fiscal year. */
public sealed interface AppropriationEvent extends AllianceEvent
        permits AppropriationRequested, AppropriationEnacted, WithholdingReleased, AllocationMade,
        FundsReprogrammed, AppropriationRescinded {

    int fiscalYear();

    @Override
    default String aggregateId() {
        return Integer.toString(fiscalYear());
    }
}
