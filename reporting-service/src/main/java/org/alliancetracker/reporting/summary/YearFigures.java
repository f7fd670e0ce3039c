package org.alliancetracker.reporting.summary;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.reporting.country.MoneyFact;
import org.alliancetracker.reporting.projection.Cents;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Keys;
import org.bson.Document;

/**
 * The figures of one fiscal year from either source: its {@code fiscal_year_views} document (current) or its facts
 * up to a date (as of). {@code null} means "no such figure yet" (not requested, not enacted), never zero.
 */
final class YearFigures {

    final int fiscalYear;
    int stageRank;
    Long requested;
    Long enacted;
    String source;
    List<Withheld> withholdings = List.of();
    final Set<String> released = new HashSet<>();
    long allocated;
    long obligated;
    long disbursed;
    // as of: which request and enactment are the latest seen (value date, then offset: one partition per year)
    private String requestedAt;
    private String enactedAt;

    record Withheld(String id, long cents) {
    }

    YearFigures(int fiscalYear) {
        this.fiscalYear = fiscalYear;
    }

    static YearFigures of(Document view) {
        YearFigures year = new YearFigures(((Number) view.get("_id")).intValue());
        year.stageRank = view.get("stageRank") instanceof Number rank ? rank.intValue() : 0;
        year.requested = Cents.orNull(view, "requestedCents");
        year.enacted = Cents.orNull(view, "enactedCents");
        year.source = view.getString("source") != null ? view.getString("source") : view.getString("requestSource");
        // a list since this version; a view written by an older one is fixed by a rebuild, not misread
        year.withholdings = view.get("withholdings") instanceof List<?> list
                ? withholdings(list.stream().filter(Document.class::isInstance).map(Document.class::cast).toList())
                : List.of();
        Document released = view.get("released", Document.class);
        if (released != null) {
            released.forEach((id, flag) -> {
                if (Boolean.TRUE.equals(flag)) {
                    year.released.add(id);
                }
            });
        }
        year.allocated = Cents.of(view, "allocatedCents");
        year.obligated = Cents.of(view, "obligatedCents");
        year.disbursed = Cents.of(view, "disbursedCents");
        return year;
    }

    /** Adds a fact of this year (any kind) that happened by the as-of date. */
    void add(Document fact) {
        String kind = fact.getString(Facts.KIND);
        long cents = Cents.of(fact, Facts.AMOUNT_CENTS);
        String at = fact.getString(Facts.VALUE_DATE) + String.format("#%020d", Cents.of(fact, Facts.OFFSET));
        switch (kind) {
            case Facts.REQUESTED -> {
                stageRank = Math.max(stageRank, 1);
                if (requestedAt == null || at.compareTo(requestedAt) > 0) {
                    requestedAt = at;
                    requested = cents;
                    if (enactedAt == null) {
                        source = fact.getString(Facts.SOURCE);
                    }
                }
            }
            case Facts.ENACTED -> {
                stageRank = 2;
                if (enactedAt == null || at.compareTo(enactedAt) > 0) {
                    enactedAt = at;
                    enacted = cents;
                    source = fact.getString(Facts.SOURCE);
                    withholdings = withholdings(fact.getList(Facts.WITHHOLDINGS, Document.class, List.of()));
                }
            }
            case Facts.RELEASE -> released.add(Keys.safe(fact.getString(Facts.WITHHOLDING_ID)));
            // within the Plan a reprogramming nets out; out of it, the year's allocated figure goes down
            case Facts.REPROGRAMMING -> allocated = Math.addExact(allocated,
                    StoredRecords.fromDocument(fact, MoneyFact.class).allocatedInPlan());
            default -> {
                switch (String.valueOf(fact.getString(Facts.FIGURE))) {
                    case Facts.ALLOCATED -> allocated = Math.addExact(allocated, cents);
                    case Facts.OBLIGATED -> obligated = Math.addExact(obligated, cents);
                    case Facts.DISBURSED -> disbursed = Math.addExact(disbursed, cents);
                    default -> {
                        // not a money fact
                    }
                }
            }
        }
    }

    /** Still held back; {@code null} before enactment. */
    Long withheld() {
        return enacted == null ? null : withholdings.stream().filter(w -> !released.contains(Keys.safe(w.id())))
                .mapToLong(Withheld::cents).reduce(0L, Math::addExact);
    }

    /** Certified and released; {@code null} before enactment. */
    Long releasedCents() {
        return enacted == null ? null : withholdings.stream().filter(w -> released.contains(Keys.safe(w.id())))
                .mapToLong(Withheld::cents).reduce(0L, Math::addExact);
    }

    private static List<Withheld> withholdings(List<Document> documents) {
        List<Withheld> result = new ArrayList<>(documents.size());
        documents.forEach(d -> result.add(new Withheld(d.getString("id"), Cents.of(d, "amountCents"))));
        return result;
    }
}
