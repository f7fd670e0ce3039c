package org.alliancetracker.reporting.reconciliation;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * The differences of a reconciliation as CSV (RFC 4180, UTF-8, header line). Safe to open in a spreadsheet: a text
 * cell that starts like a formula ({@code = + - @}, tab, carriage return) is prefixed with {@code '}, so identifiers
 * taken from an outside file can never run as formulas; amounts are plain numbers.
 */
final class DifferencesCsv {

    static final String MEDIA_TYPE = "text/csv;charset=UTF-8;header=present";
    static final List<String> HEADER = List.of("kind", "grant_id", "their_id", "fiscal_year", "their_fiscal_year",
            "figure", "ours", "theirs", "difference", "currency");

    private DifferencesCsv() {
    }

    static String header() {
        return record(HEADER);
    }

    static String record(ReconciliationView.DifferenceView d) {
        return record(Arrays.asList(d.kind().name(), d.grantId(), d.theirId(), d.fiscalYear(), d.theirFiscalYear(),
                d.figure(), d.ours(), d.theirs(), d.difference(), "USD"));
    }

    static String record(List<?> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        return line.append("\r\n").toString();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal amount) {
            return amount.toPlainString();
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
