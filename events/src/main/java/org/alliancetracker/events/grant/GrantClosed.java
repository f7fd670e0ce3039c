package org.alliancetracker.events.grant;

import java.time.LocalDate;

import org.alliancetracker.events.Contract;
import org.alliancetracker.events.GrantRef;

/** The grant was closed for good: it takes no further disbursement or amendment. */
public record GrantClosed(GrantRef grant, String reason, LocalDate effectiveOn) implements GrantEvent {

    public GrantClosed {
        Contract.require(grant, "grant");
        Contract.require(effectiveOn, "effectiveOn");
    }
}
