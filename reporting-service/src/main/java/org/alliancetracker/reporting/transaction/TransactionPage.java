package org.alliancetracker.reporting.transaction;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A page of the transactions behind a country's figures.
 *
 * @param totals the sums over all matching transactions (not only this page), per figure: with the same filters
 *               they equal the country view's figures, current or as of the same date
 */
public record TransactionPage(String country, LocalDate asOf, int page, int size, long totalElements, long totalPages,
                              Totals totals, List<Transaction> content) {

    public record Totals(BigDecimal allocated, BigDecimal obligated, BigDecimal disbursed) {
    }
}
