package org.alliancetracker.disbursement.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A grant's ledger document ({@link GrantLedger}), read through the driver's record codec, usually with a projection
 * (what it leaves out reads as null): the rules' inputs, the money, the reservations in flight and, in
 * {@code batchMarks}, what each batch has reserved on it. The constants are the fields that filters and updates name;
 * the {@code reversed} and {@code applied} lists are only ever filtered on, never read.
 *
 * @param status     null for a ledger that only saw events before the grant's award (not a known grant)
 * @param closesOn   ISO date: the day the grant's account closes (31 U.S.C. 1552); absent when not known
 * @param pending    the reservations in flight ({@link Reservations})
 * @param batchMarks per batch id, the last chunk of that batch reserved on this grant
 */
public record LedgerState(@BsonId String id, LedgerStatus status, String startDate, String endDate,
                          Long obligatedCents, Long disbursedCents, Long remainingCents,
                          String allocationId, Integer fiscalYear, String country, String pillar, String agency,
                          List<Reservations.Reservation> pending, Map<String, BatchMark> batchMarks, String closesOn) {

    public static final String STATUS = "status";
    public static final String START_DATE = "startDate";
    public static final String END_DATE = "endDate";
    public static final String OBLIGATED = "obligatedCents";
    public static final String DISBURSED = "disbursedCents";
    public static final String REMAINING = "remainingCents";
    public static final String ALLOCATION_ID = "allocationId";
    public static final String FISCAL_YEAR = "fiscalYear";
    public static final String COUNTRY = "country";
    public static final String PILLAR = "pillar";
    public static final String AGENCY = "agency";
    public static final String PENDING = "pending";
    public static final String BATCH_MARKS = "batchMarks";
    public static final String CLOSES_ON = "closesOn";

    public LedgerState {
        pending = pending == null ? List.of() : pending;
    }

    /**
     * The reservation of one chunk of a batch on this grant, written by the same update that takes the money: which
     * lines it accepted and the remaining obligation right after it, so that a re-run of the chunk answers exactly as
     * the first run would have.
     *
     * @param seq   the chunk
     * @param lines the accepted lines (line numbers), in input order
     */
    public record BatchMark(int seq, List<Long> lines, long remainingAfterCents) {
    }

    public BatchMark markOf(String batchId) {
        return batchMarks == null ? null : batchMarks.get(batchId);
    }

    public boolean known() {
        return status != null;
    }

    public boolean active() {
        return status == LedgerStatus.ACTIVE;
    }

    public long remaining() {
        return remainingCents == null ? 0L : remainingCents;
    }

    public LocalDate startDay() {
        return LocalDate.parse(startDate);
    }

    public LocalDate endDay() {
        return LocalDate.parse(endDate);
    }

    /** The day the grant's account closes, or null when not known. */
    public LocalDate closingDay() {
        return closesOn == null ? null : LocalDate.parse(closesOn);
    }

    /** The reservation held by this incarnation of a disbursement document, if any. */
    public Optional<Reservations.Reservation> heldBy(String incarnation) {
        return pending.stream().filter(entry -> incarnation.equals(entry.incarnation())).findFirst();
    }

    public GrantRef grantRef() {
        return new GrantRef(id, allocationId, fiscalYear, Country.valueOf(country), Pillar.valueOf(pillar), agency);
    }
}
