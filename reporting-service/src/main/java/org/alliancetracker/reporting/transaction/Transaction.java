package org.alliancetracker.reporting.transaction;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.reporting.country.MoneyFact;
import org.alliancetracker.reporting.projection.Cents;
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
            return of(fact);
        }
        List<MoneyFact.Move> moves = query.movesInScope(stored);
        MoneyFact.Move only = moves.size() == 1 ? moves.getFirst() : null;
        long cents = moves.stream().mapToLong(MoneyFact.Move::cents).reduce(0L, Math::addExact);
        Transaction t = of(fact);
        return new Transaction(t.eventId(), t.eventType(), t.kind(), Facts.ALLOCATED,
                only != null ? only.country() : query.country() == null ? null : query.country().name(),
                t.fiscalYear(), only == null ? null : only.pillar(), null, null,
                only == null ? null : only.allocationId(), null, Money.fromCents(cents), t.valueDate(),
                t.description(), t.topic(), t.partition(), t.offset(), t.eventTime());
    }

    public static Transaction of(Document fact) {
        Object fiscalYear = fact.get(Facts.FISCAL_YEAR);
        String valueDate = fact.getString(Facts.VALUE_DATE);
        Date time = fact.getDate(Facts.EVENT_TIME);
        return new Transaction(fact.getString("_id"), fact.getString(Facts.EVENT_TYPE), fact.getString(Facts.KIND),
                fact.getString(Facts.FIGURE), fact.getString(Facts.COUNTRY),
                fiscalYear instanceof Number n ? n.intValue() : null, fact.getString(Facts.PILLAR),
                fact.getString(Facts.AGENCY), fact.getString(Facts.GRANT_ID), fact.getString(Facts.ALLOCATION_ID),
                fact.getString(Facts.DISBURSEMENT_ID), Money.fromCents(Cents.of(fact, Facts.AMOUNT_CENTS)),
                valueDate == null ? null : LocalDate.parse(valueDate), fact.getString(Facts.DESCRIPTION),
                fact.getString(Facts.TOPIC), ((Number) fact.get(Facts.PARTITION)).intValue(),
                Cents.of(fact, Facts.OFFSET), time == null ? null : time.toInstant());
    }
}
