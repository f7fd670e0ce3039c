package org.alliancetracker.events.grant;

import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/** The grant was suspended: it takes no disbursement until resumed. */
public record GrantSuspended(GrantRef grant, String reason, LocalDate effectiveOn) implements GrantEvent {

    public GrantSuspended {
        Contract.require(grant, "grant");
        Contract.require(effectiveOn, "effectiveOn");
    }
}
