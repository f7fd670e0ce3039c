package org.alliancetracker.reporting.reconciliation;

import java.util.Arrays;
import java.util.List;

import org.alliancetracker.reporting.export.Csv;

/**
 * The differences of a reconciliation as CSV (RFC 4180, UTF-8, header line). Safe to open in a spreadsheet: a text
 * cell that starts like a formula ({@code = + - @}, tab, carriage return) is prefixed with {@code '}, so identifiers
 * taken from an outside file can never run as formulas; amounts are plain numbers ({@link Csv}, as the exports).
 */
final class DifferencesCsv {

    static final String MEDIA_TYPE = "text/csv;charset=UTF-8;header=present";
    static final List<String> HEADER = List.of("kind", "grant_id", "their_id", "fiscal_year", "their_fiscal_year",
            "figure", "ours", "theirs", "difference", "currency");

    private DifferencesCsv() {
    }

    static String header() {
        return Csv.record(HEADER);
    }

    static String record(ReconciliationView.DifferenceView d) {
        return Csv.record(Arrays.asList(d.kind().name(), d.grantId(), d.theirId(), d.fiscalYear(), d.theirFiscalYear(),
                d.figure(), d.ours(), d.theirs(), d.difference(), "USD"));
    }
}
