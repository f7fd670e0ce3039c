package org.alliancetracker.reporting.pipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The drill-down of one pipeline figure: its rows and their sum, which is the figure. */
public record PipelineTransactions(String scope, String figure, LocalDate asOf, Instant knownAt, Integer fiscalYear,
                                   String account, String pillar, String agency, BigDecimal total,
                                   List<PipelineRow> rows) {
}
