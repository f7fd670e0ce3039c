package org.alliancetracker.grants.appropriation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import org.alliancetracker.events.appropriation.Withholding;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.store.StoredRecords;
import org.bson.Document;

/**
 * A withholding as the year's document stores it under {@code withholdings.<id>}: {@code percent} as a plain decimal
 * string, {@code certifiedOn} (ISO date) and {@code note} only once certified. The constants are the fields a
 * certification's conditional update names.
 */
public record StoredWithholding(String percent, long amountCents, String condition, Boolean released,
                                String certifiedOn, String note) {

    public static final String MAP = "withholdings";
    static final String RELEASED = "released";
    static final String CERTIFIED_ON = "certifiedOn";
    static final String NOTE = "note";

    /** A withholding not yet certified. */
    static StoredWithholding unreleased(BigDecimal percent, long amountCents, String condition) {
        return new StoredWithholding(percent.toPlainString(), amountCents, condition, false, null, null);
    }

    /** The path of one field of withholding {@code id} in the year's document. */
    static String path(String id, String field) {
        return MAP + "." + id + "." + field;
    }

    boolean isReleased() {
        return Boolean.TRUE.equals(released);
    }

    BigDecimal percentValue() {
        return new BigDecimal(percent);
    }

    LocalDate certifiedOnDate() {
        return certifiedOn == null ? null : LocalDate.parse(certifiedOn);
    }

    /** Whether the two hold back the same share for the same condition (released or not). */
    boolean sameTerms(StoredWithholding other) {
        return percent.equals(other.percent) && condition.equals(other.condition)
                && amountCents == other.amountCents;
    }

    Withholding event(String id) {
        return new Withholding(id, percentValue(), Money.fromCents(amountCents), condition);
    }

    /** The {@code withholdings} field: each withholding under its id, in order. */
    static Document document(Map<String, StoredWithholding> withholdings) {
        Document map = new Document();
        withholdings.forEach((id, w) -> map.put(id, StoredRecords.toDocument(w)));
        return map;
    }

    /** What the withholdings not yet released hold back. */
    static long unreleasedCents(Map<String, StoredWithholding> withholdings) {
        return withholdings.values().stream().filter(w -> !w.isReleased()).mapToLong(StoredWithholding::amountCents)
                .sum();
    }
}
