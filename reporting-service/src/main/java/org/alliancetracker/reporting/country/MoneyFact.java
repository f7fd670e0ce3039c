package org.alliancetracker.reporting.country;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.reporting.projection.Facts;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A document of {@code facts} as the country views, the summary and the drill-down read it (the driver's record
 * codec, see {@link org.alliancetracker.platform.store.StoredRecords}; fields the projection writes, others are
 * skipped). A money fact moves one figure of one country; a reprogramming moves {@code allocated} on both sides:
 * − on its source allocation's country and pillar, + on its destination's (none when the funds left the Plan).
 * Public: the record codec constructs it reflectively.
 */
public record MoneyFact(@BsonId String id, String kind, String figure, Long amountCents, String country,
                        Integer fiscalYear, String pillar, String agency, String valueDate, Instant eventTime,
                        String allocationId, String fromAllocationId, String fromCountry, String fromPillar,
                        String toAllocationId, String toCountry, String toPillar, String eventType, String grantId,
                        String disbursementId, String description, String topic, Integer partition, Long offset) {

    /** What a fact moves in one country: a figure of a pillar (and agency, for grant money), signed cents. */
    public record Move(String country, String figure, String pillar, String agency, String allocationId,
                       long cents) {
    }

    public long cents() {
        return amountCents == null ? 0L : amountCents;
    }

    public boolean reprogramming() {
        return Facts.REPROGRAMMING.equals(kind);
    }

    /** The moves of this fact; empty for a fact that moves no country figure (a budget figure, a rescission). */
    public List<Move> moves() {
        List<Move> moves = new ArrayList<>(2);
        if (reprogramming()) {
            if (fromCountry != null) {
                moves.add(new Move(fromCountry, Facts.ALLOCATED, fromPillar, null, fromAllocationId, -cents()));
            }
            if (toCountry != null) {
                moves.add(new Move(toCountry, Facts.ALLOCATED, toPillar, null, toAllocationId, cents()));
            }
        } else if (figure != null && country != null) {
            moves.add(new Move(country, figure, pillar, agency, allocationId, cents()));
        }
        return moves;
    }

    /** What the fact changes in the Alliance's allocated figure (a reprogramming out of the Plan lowers it). */
    public long allocatedInPlan() {
        return moves().stream().filter(m -> Facts.ALLOCATED.equals(m.figure())).mapToLong(Move::cents).sum();
    }
}
