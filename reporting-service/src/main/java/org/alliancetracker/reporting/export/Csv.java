package org.alliancetracker.reporting.export;

import java.util.List;

/**
 * RFC 4180: fields separated by commas, records ended by CRLF, a field quoted when it holds a comma, quote or line break.
 * A text field that a spreadsheet would run as a formula (it starts with {@code =}, {@code +}, {@code -}, {@code @},
 * tab or CR: OWASP's CSV-injection advice) is neutralised with a leading {@code '}; numbers are written as they are,
 * so a negative amount stays a number. Every CSV this service writes goes through here (the exports, the
 * reconciliations' differences).
 */
public final class Csv {

    public static final String CRLF = "\r\n";

    private Csv() {
    }

    public static String record(List<?> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        return line.append(CRLF).toString();
    }

    public static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (!(value instanceof Number) && isFormula(text)) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /** Whether a spreadsheet would take the text as a formula (or strip the character that hides one). */
    static boolean isFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }
}
