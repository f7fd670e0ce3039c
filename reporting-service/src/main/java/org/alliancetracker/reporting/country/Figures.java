package org.alliancetracker.reporting.country;

import org.alliancetracker.reporting.projection.Cents;
import org.alliancetracker.reporting.projection.Facts;
import org.bson.Document;

/** Allocated, obligated and disbursed in whole cents: summed exactly (an overflow throws, never wraps). */
final class Figures {

    long allocated;
    long obligated;
    long disbursed;

    void add(String figure, long cents) {
        switch (figure) {
            case Facts.ALLOCATED -> allocated = Math.addExact(allocated, cents);
            case Facts.OBLIGATED -> obligated = Math.addExact(obligated, cents);
            case Facts.DISBURSED -> disbursed = Math.addExact(disbursed, cents);
            default -> throw new IllegalArgumentException("Not a figure: " + figure);
        }
    }

    static Figures of(Document document) {
        Figures figures = new Figures();
        figures.allocated = Cents.of(document, "allocatedCents");
        figures.obligated = Cents.of(document, "obligatedCents");
        figures.disbursed = Cents.of(document, "disbursedCents");
        return figures;
    }
}
