package org.alliancetracker.disbursement.batch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * The CSV form of a bulk upload, as agencies' finance systems export it: RFC 4180 fields (quoted fields may hold
 * commas, line breaks — CRLF kept as LF — and doubled quotes), a header row naming the columns in any order. {@code grantId},
 * {@code amount}, {@code currency}, {@code valueDate} and {@code idempotencyKey} are required columns;
 * {@code reference} and {@code description} optional. An empty field is an absent value. Amounts are plain decimals
 * ({@code 1234.56}: no thousands separators, no currency sign, no exponent), dates ISO-8601.
 */
final class Csv {

    static final List<String> REQUIRED = List.of("grantId", "amount", "currency", "valueDate", "idempotencyKey");
    static final List<String> OPTIONAL = List.of("reference", "description");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");

    private final Map<String, Integer> columns;
    private final int width;

    private Csv(Map<String, Integer> columns, int width) {
        this.columns = columns;
        this.width = width;
    }

    /** @throws ApiProblem 400 {@code invalid-csv-header} if a required column is missing or a name is unknown */
    static Csv header(String record) {
        List<String> names;
        try {
            names = fields(record);
        } catch (ApiProblem malformed) {
            throw headerProblem(malformed.getMessage());
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                throw headerProblem("unknown column '" + name + "'");
            }
            if (columns.put(name, i) != null) {
                throw headerProblem("column '" + name + "' appears twice");
            }
        }
        List<String> missing = REQUIRED.stream().filter(name -> !columns.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw headerProblem("missing column(s) " + String.join(", ", missing));
        }
        return new Csv(columns, names.size());
    }

    /** The header record of an upload; 400 {@code invalid-csv-header} if it cannot be used. */
    static Csv header(LineSplitter.Record header, java.nio.charset.Charset charset) {
        if (header.tooLong()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-csv-header", "Invalid CSV header",
                    "The header row is longer than the limit for one line");
        }
        return header(org.alliancetracker.platform.web.StrictText.decode(header.bytes(), charset, "header"));
    }

    /** One data record as a line of the upload; problems name the column as the field. */
    BatchLine line(String record) {
        List<String> values = fields(record);
        if (values.size() != width) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                    "The record has " + values.size() + " field(s), the header " + width);
        }
        return new BatchLine(value(values, "idempotencyKey"), value(values, "grantId"), amount(value(values, "amount")),
                value(values, "currency"), date(value(values, "valueDate")), value(values, "reference"),
                value(values, "description"));
    }

    private String value(List<String> values, String column) {
        Integer index = columns.get(column);
        String value = index == null ? null : values.get(index);
        return value == null || value.isEmpty() ? null : value;
    }

    private static BigDecimal amount(String value) {
        if (value == null) {
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            throw unreadable("amount", "invalid value, expected a number");
        }
        return new BigDecimal(value);
    }

    private static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw unreadable("valueDate", "invalid value, expected an ISO-8601 date (YYYY-MM-DD)");
        }
    }

    /** The fields of one record (RFC 4180). */
    static List<String> fields(String record) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = record.length();
        while (true) {
            if (i < n && record.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw malformed("a quoted field is not closed");
                    }
                    char c = record.charAt(i++);
                    if (c == '"') {
                        if (i < n && record.charAt(i) == '"') {
                            field.append('"');
                            i++;
                            continue;
                        }
                        break;
                    }
                    if (c == '\r' && i < n && record.charAt(i) == '\n') {
                        continue; // a line break inside a quoted field is kept as LF (a lone CR is refused as text)
                    }
                    field.append(c);
                }
                fields.add(field.toString());
                if (i == n) {
                    return fields;
                }
                if (record.charAt(i) != ',') {
                    throw malformed("text after the closing quote of a field");
                }
                i++;
            } else {
                int comma = record.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                String field = record.substring(i, end);
                if (field.indexOf('"') >= 0) {
                    throw malformed("a quote inside an unquoted field (quote the field and double the quote)");
                }
                fields.add(field);
                if (comma < 0) {
                    return fields;
                }
                i = comma + 1;
            }
        }
    }

    private static ApiProblem malformed(String why) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                "Not a valid CSV record: " + why);
    }

    private static ApiProblem unreadable(String field, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", field + ": " + message)
                .with("errors", List.of(new ApiProblem.FieldError(field, message)));
    }

    private static ApiProblem headerProblem(String why) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-csv-header", "Invalid CSV header",
                "The first record must name the columns: " + why)
                .with("required", REQUIRED).with("optional", OPTIONAL);
    }
}
