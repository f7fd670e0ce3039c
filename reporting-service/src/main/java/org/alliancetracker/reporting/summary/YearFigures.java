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
import org.alliancetracker.reporting.projection.StoredFiscalYear;
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

    static YearFigures of(StoredFiscalYear view) {
        YearFigures year = new YearFigures(view.fiscalYear());
        year.stageRank = view.stageRank() == null ? 0 : view.stageRank();
        year.requested = view.requestedCents();
        year.enacted = view.enactedCents();
        year.source = view.source() != null ? view.source() : view.requestSource();
        year.withholdings = withholdings(view.withholdings());
        view.released().forEach((id, flag) -> {
            if (Boolean.TRUE.equals(flag)) {
                year.released.add(id);
            }
        });
        year.allocated = cents(view.allocatedCents());
        year.obligated = cents(view.obligatedCents());
        year.disbursed = cents(view.disbursedCents());
        return year;
    }

    private static long cents(Long stored) {
        return stored == null ? 0L : stored;
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
                    withholdings = withholdings(StoredRecords.listOf(fact, Facts.WITHHOLDINGS,
                            StoredFiscalYear.Withheld.class));
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

    private static List<Withheld> withholdings(List<StoredFiscalYear.Withheld> stored) {
        List<Withheld> result = new ArrayList<>(stored.size());
        stored.forEach(w -> result.add(new Withheld(w.id(), w.cents())));
        return result;
    }
}
