package org.alliancetracker.reporting.export;

import java.util.List;

/** RFC 4180: fields separated by commas, records ended by CRLF, a field quoted when it holds a comma, quote or line break. */
final class Csv {

    static final String CRLF = "\r\n";

    private Csv() {
    }

    static String record(List<?> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        return line.append(CRLF).toString();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
