package org.alliancetracker.events.grant;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.GrantRef;

/** Events on {@code alliance.grants}, keyed by grant id. */
public sealed interface GrantEvent extends AllianceEvent
        permits GrantAwarded, GrantAmended, GrantSuspended, GrantResumed, GrantClosed {

    GrantRef grant();

    @Override
    default String aggregateId() {
        return grant().grantId();
    }
}
