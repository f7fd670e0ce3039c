package org.alliancetracker.reporting.country;

import org.alliancetracker.reporting.projection.StoredCountryView;
import org.alliancetracker.reporting.projection.Facts;

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

    static Figures of(StoredCountryView.StoredFigures stored) {
        Figures figures = new Figures();
        figures.allocated = stored.allocated();
        figures.obligated = stored.obligated();
        figures.disbursed = stored.disbursed();
        return figures;
    }
}
