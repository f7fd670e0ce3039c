package org.alliancetracker.reporting.reconciliation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alliancetracker.platform.money.Money;
import org.alliancetracker.reporting.projection.Facts;

/**
 * Reads a CSV of award-level figures (USAspending-like, RFC 4180, UTF-8, header line first) as a stream. Columns, in
 * any order, names case-insensitive:
 * <ul>
 *   <li>{@code award_id} (required): the grant id, or any identifier that ends with {@code -<grant id>};</li>
 *   <li>{@code fiscal_year} (required): the U.S. fiscal year the figures belong to;</li>
 *   <li>{@code period} (required): its month, 1 = October … 12 = September (checked, then summed into the year);</li>
 *   <li>{@code obligations}, {@code outlays} (required columns, a value may be empty): the amounts obligated and
 *       disbursed in that period, at most 2 decimals, negative for a de-obligation or a refund;</li>
 *   <li>{@code currency} (optional, default {@code USD}) and {@code value_date} (optional; required for a currency
 *       other than USD, whose line is then counted and not compared: no exchange rates are held here).</li>
 * </ul>
 * Any other column, a missing or repeated one, a line with another number of fields, or a value that does not read is
 * refused naming the line and the column.
 */
final class AwardCsvReader {

    static final String FORMAT = "award-csv";
    static final String AWARD_ID = "award_id";
    static final String FISCAL_YEAR = "fiscal_year";
    static final String PERIOD = "period";
    static final String OBLIGATIONS = "obligations";
    static final String OUTLAYS = "outlays";
    static final String CURRENCY = "currency";
    static final String VALUE_DATE = "value_date";
    static final List<String> REQUIRED = List.of(AWARD_ID, FISCAL_YEAR, PERIOD, OBLIGATIONS, OUTLAYS);
    static final List<String> OPTIONAL = List.of(CURRENCY, VALUE_DATE);
    static final int MAX_LINE_CHARS = 16_384;

    private final GrantIndex grants;
    private final TheirFigures figures;

    AwardCsvReader(GrantIndex grants, TheirFigures figures) {
        this.grants = grants;
        this.figures = figures;
    }

    void read(InputStream in) throws BoundedInput.TooLarge {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CsvRecords records = new CsvRecords(new BufferedReader(new InputStreamReader(in, decoder), 65_536),
                MAX_LINE_CHARS);
        try {
            read(records);
        } catch (BoundedInput.TooLarge e) {
            throw e;
        } catch (CharacterCodingException e) {
            throw FileProblems.invalid(Math.max(records.line(), 1), null, "not valid UTF-8");
        } catch (IOException e) {
            throw new IllegalStateException("The file could not be read: " + e.getMessage(), e);
        }
    }

    private void read(CsvRecords records) throws IOException {
        List<String> header = records.next();
        if (header == null || header.isEmpty()) {
            throw FileProblems.invalid(1, null, "no header line: expected the columns " + REQUIRED);
        }
        Map<String, Integer> columns = columns(header);
        int award = columns.get(AWARD_ID);
        int year = columns.get(FISCAL_YEAR);
        int period = columns.get(PERIOD);
        int obligations = columns.get(OBLIGATIONS);
        int outlays = columns.get(OUTLAYS);
        Integer currency = columns.get(CURRENCY);
        Integer valueDate = columns.get(VALUE_DATE);
        for (List<String> record = records.next(); record != null; record = records.next()) {
            long line = records.line();
            if (record.isEmpty()) {
                continue;
            }
            if (record.size() != header.size()) {
                throw FileProblems.invalid(line, null, "has " + record.size() + " fields, the header has "
                        + header.size());
            }
            figures.record();
            String awardId = record.get(award).strip();
            if (awardId.isEmpty()) {
                throw FileProblems.invalid(line, AWARD_ID, "empty");
            }
            int fiscalYear = integer(record.get(year), 1900, 2999, line, FISCAL_YEAR);
            integer(record.get(period), 1, 12, line, PERIOD);
            String unit = currency == null || record.get(currency).isBlank() ? Money.USD
                    : record.get(currency).strip();
            String date = valueDate == null ? "" : record.get(valueDate).strip();
            if (!date.isEmpty()) {
                try {
                    LocalDate.parse(date);
                } catch (DateTimeParseException e) {
                    throw FileProblems.invalid(line, VALUE_DATE, "not an ISO date (YYYY-MM-DD): '"
                            + Amounts.abbreviate(date) + "'");
                }
            }
            Long obligated = amount(record.get(obligations), line, OBLIGATIONS);
            Long disbursed = amount(record.get(outlays), line, OUTLAYS);
            if (!Money.USD.equals(unit)) {
                if (date.isEmpty()) {
                    throw FileProblems.invalid(line, VALUE_DATE, "amounts in " + Amounts.abbreviate(unit)
                            + " need a value_date (the day of their exchange rate)");
                }
                if (obligated != null) {
                    figures.otherCurrency();
                }
                if (disbursed != null) {
                    figures.otherCurrency();
                }
                continue;
            }
            String grantId = grants.match(awardId);
            if (obligated != null) {
                figures.add(key(grantId, awardId, fiscalYear, Facts.OBLIGATED), obligated, line);
            }
            if (disbursed != null) {
                figures.add(key(grantId, awardId, fiscalYear, Facts.DISBURSED), disbursed, line);
            }
        }
    }

    private static Key key(String grantId, String awardId, int fiscalYear, String figure) {
        return grantId != null ? Key.matched(grantId, fiscalYear, figure) : Key.unmatched(awardId, fiscalYear, figure);
    }

    private static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                throw FileProblems.invalid(1, "column " + (i + 1), "unknown column '" + Amounts.abbreviate(name)
                        + "': the columns are " + REQUIRED + ", optionally " + OPTIONAL);
            }
            if (columns.put(name, i) != null) {
                throw FileProblems.invalid(1, name, "the column appears twice");
            }
        }
        List<String> missing = new ArrayList<>(REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList());
        if (!missing.isEmpty()) {
            throw FileProblems.invalid(1, String.join(",", missing), "missing column(s) " + missing);
        }
        return columns;
    }

    private static Long amount(String text, long line, String column) {
        return text.isBlank() ? null : Amounts.cents(text, line, column);
    }

    private static int integer(String text, int min, int max, long line, String column) {
        String value = text.strip();
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw FileProblems.invalid(line, column, "must be a whole number from " + min + " to " + max + ", not '"
                + Amounts.abbreviate(value) + "'");
    }
}
