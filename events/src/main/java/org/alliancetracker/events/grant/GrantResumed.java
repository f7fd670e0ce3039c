package org.alliancetracker.events.grant;

import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/** A suspended grant was resumed and takes disbursements again. */
public record GrantResumed(GrantRef grant, String reason, LocalDate effectiveOn) implements GrantEvent {

    public GrantResumed {
        Contract.require(grant, "grant");
        Contract.require(effectiveOn, "effectiveOn");
    }
}
