package org.alliancetracker.reporting.transaction;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.reporting.country.MoneyFact;
import org.alliancetracker.reporting.projection.Facts;
import org.bson.Document;

/**
 * One movement of money behind a figure: an allocation, an obligation (award or amendment) or a disbursement (or
 * its reversal), with the CloudEvent that made it and where it sits in Kafka.
 *
 * @param figure the figure of the country view it moves: {@code allocated}, {@code obligated} or {@code disbursed}
 * @param amount signed: a de-obligating amendment or a reversal is negative
 */
public record Transaction(String eventId, String eventType, String kind, String figure, String country,
                          Integer fiscalYear, String pillar, String agency, String grantId, String allocationId,
                          String disbursementId, BigDecimal amount, LocalDate valueDate, String description,
                          String topic, int partition, long offset, Instant eventTime) {

    /**
     * A row of a drill-down: a reprogramming is shown with what it moved in the query's scope (its allocated
     * figure's − from side and + to side there; the pillar and allocation are those of the side in scope, none when
     * both are); any other fact as it is.
     */
    public static Transaction of(Document fact, TransactionQuery query) {
        MoneyFact stored = StoredRecords.fromDocument(fact, MoneyFact.class);
        if (!stored.reprogramming()) {
            return of(stored);
        }
        List<MoneyFact.Move> moves = query.movesInScope(stored);
        MoneyFact.Move only = moves.size() == 1 ? moves.getFirst() : null;
        long cents = moves.stream().mapToLong(MoneyFact.Move::cents).reduce(0L, Math::addExact);
        Transaction t = of(stored);
        return new Transaction(t.eventId(), t.eventType(), t.kind(), Facts.ALLOCATED,
                only != null ? only.country() : query.country() == null ? null : query.country().name(),
                t.fiscalYear(), only == null ? null : only.pillar(), null, null,
                only == null ? null : only.allocationId(), null, Money.fromCents(cents), t.valueDate(),
                t.description(), t.topic(), t.partition(), t.offset(), t.eventTime());
    }

    public static Transaction of(Document fact) {
        return of(StoredRecords.fromDocument(fact, MoneyFact.class));
    }

    public static Transaction of(MoneyFact fact) {
        return new Transaction(fact.id(), fact.eventType(), fact.kind(), fact.figure(), fact.country(),
                fact.fiscalYear(), fact.pillar(), fact.agency(), fact.grantId(), fact.allocationId(),
                fact.disbursementId(), Money.fromCents(fact.cents()),
                fact.valueDate() == null ? null : LocalDate.parse(fact.valueDate()), fact.description(),
                fact.topic(), fact.partition(), fact.offset() == null ? 0L : fact.offset(), fact.eventTime());
    }
}
