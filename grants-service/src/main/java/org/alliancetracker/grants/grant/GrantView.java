package org.alliancetracker.grants.grant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.store.StoredRecords;
import org.bson.Document;

/**
 * A grant as the API shows it: its obligation, what has been disbursed under it (as reported on
 * {@code alliance.disbursements}), what is left to disburse, its status and the history of its changes.
 */
public record GrantView(String id, String allocationId, int fiscalYear, Country country, Pillar pillar, String agency,
                        String title, BigDecimal obligatedAmount, BigDecimal disbursedAmount,
                        BigDecimal undisbursedAmount, LocalDate startDate, LocalDate endDate, LocalDate obligatedOn,
                        GrantStatus status, List<Change> history, List<SectorShare> sectors,
                        List<ImplementingPartner> partners) {

    /** Fields of the stored grant holding its sectors and partners (records, see {@link StoredRecords}). */
    static final String SECTORS = "sectors";
    static final String PARTNERS = "partners";

    /**
     * One change of the grant, oldest first; {@code obligatedAmount} is the total after an award or amendment (absent
     * for status changes, which do not move it).
     */
    public record Change(GrantChange change, LocalDate on, String reason, BigDecimal obligatedAmount) {
    }

    static GrantView of(String id, Document grant) {
        long obligated = grant.getLong("obligatedCents");
        long disbursed = grant.get("disbursedCents", 0L);
        List<Change> history = grant.getList("history", Document.class, List.of()).stream()
                .map(h -> new Change(GrantChange.valueOf(h.getString("change")), LocalDate.parse(h.getString("on")),
                        h.getString("reason"),
                        h.getLong("obligatedCents") == null ? null : Money.fromCents(h.getLong("obligatedCents"))))
                .toList();
        return new GrantView(id, grant.getString("allocationId"), grant.getInteger("fiscalYear"),
                Country.valueOf(grant.getString("country")), Pillar.valueOf(grant.getString("pillar")),
                grant.getString("agency"), grant.getString("title"), Money.fromCents(obligated),
                Money.fromCents(disbursed), Money.fromCents(obligated - disbursed),
                LocalDate.parse(grant.getString("startDate")), LocalDate.parse(grant.getString("endDate")),
                LocalDate.parse(grant.getString("obligatedOn")), GrantStatus.valueOf(grant.getString("status")),
                history, StoredRecords.listOf(grant, SECTORS, SectorShare.class),
                StoredRecords.listOf(grant, PARTNERS, ImplementingPartner.class));
    }

    /** Where the grant's money belongs, as every grant event carries it (fields fixed at award). */
    static GrantRef refOf(String id, Document grant) {
        return new GrantRef(id, grant.getString("allocationId"), grant.getInteger("fiscalYear"),
                Country.valueOf(grant.getString("country")), Pillar.valueOf(grant.getString("pillar")),
                grant.getString("agency"));
    }

    /** A history entry as stored in the grant's {@code history} array. */
    static Document historyEntry(GrantChange change, LocalDate on, String reason, Long obligatedCents) {
        Document entry = new Document("change", change.name()).append("on", on.toString());
        if (reason != null) {
            entry.append("reason", reason);
        }
        if (obligatedCents != null) {
            entry.append("obligatedCents", obligatedCents);
        }
        return entry;
    }
}
