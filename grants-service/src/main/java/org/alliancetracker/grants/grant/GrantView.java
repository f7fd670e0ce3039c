package org.alliancetracker.grants.grant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.platform.money.Money;

/**
 * A grant as the API shows it: its obligation, what has been disbursed under it (as reported on
 * {@code alliance.disbursements}), what is left to disburse, its status and the history of its changes.
 */
public record GrantView(String id, String allocationId, int fiscalYear, Country country, Pillar pillar, String agency,
                        String title, BigDecimal obligatedAmount, BigDecimal disbursedAmount,
                        BigDecimal undisbursedAmount, LocalDate startDate, LocalDate endDate, LocalDate obligatedOn,
                        GrantStatus status, List<Change> history, List<SectorShare> sectors,
                        List<ImplementingPartner> partners) {

    /**
     * One change of the grant, oldest first; {@code obligatedAmount} is the total after an award or amendment (absent
     * for status changes, which do not move it).
     */
    public record Change(GrantChange change, LocalDate on, String reason, BigDecimal obligatedAmount) {
    }

    static GrantView of(String id, StoredGrant grant) {
        long obligated = grant.obligatedCents();
        long disbursed = grant.disbursed();
        List<Change> history = grant.history().stream()
                .map(h -> new Change(h.change(), h.day(), h.reason(),
                        h.obligatedCents() == null ? null : Money.fromCents(h.obligatedCents())))
                .toList();
        return new GrantView(id, grant.allocationId(), grant.fiscalYear(), grant.country(), grant.pillar(),
                grant.agency(), grant.title(), Money.fromCents(obligated), Money.fromCents(disbursed),
                Money.fromCents(obligated - disbursed), grant.startDay(), grant.endDay(), grant.obligatedDay(),
                grant.status(), history, grant.sectors(), grant.partners());
    }
}
