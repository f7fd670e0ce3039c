package org.alliancetracker.reporting.reconciliation;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Amounts of an outside file, read strictly: a plain decimal number (sign, digits, a point), at most 2 decimals. */
final class Amounts {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,16}(\\.\\d+)?");

    private Amounts() {
    }

    /** Whole cents, or the 422 problem naming the line and element if the text is not such an amount. */
    static long cents(String text, long line, String where) {
        String value = text == null ? "" : text.strip();
        if (!DECIMAL.matcher(value).matches()) {
            throw FileProblems.invalid(line, where, "not an amount: '" + abbreviate(value) + "'");
        }
        BigDecimal amount = new BigDecimal(value);
        if (amount.scale() > 2) { // written with more than 2 decimals, even trailing zeros: refused, never rounded
            throw FileProblems.invalid(line, where, "more than 2 decimals: " + value);
        }
        return amount.movePointRight(2).longValueExact();
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
