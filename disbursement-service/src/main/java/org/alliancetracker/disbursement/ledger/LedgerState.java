package org.alliancetracker.disbursement.ledger;

import java.util.List;
import java.util.Map;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * What a batch chunk needs of a grant's ledger document (read with a projection through the driver's record codec):
 * the rules' inputs and, in {@code batchMarks}, what each batch has reserved on it.
 *
 * @param batchMarks per batch id, the last chunk of that batch reserved on this grant
 */
public record LedgerState(@BsonId String id, String status, String startDate, String endDate, Long remainingCents,
                          String allocationId, Integer fiscalYear, String country, String pillar, String agency,
                          Map<String, BatchMark> batchMarks, String closesOn) {

    public static final String BATCH_MARKS = "batchMarks";

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

    public GrantRef grantRef() {
        return new GrantRef(id, allocationId, fiscalYear, Country.valueOf(country), Pillar.valueOf(pillar), agency);
    }
}
