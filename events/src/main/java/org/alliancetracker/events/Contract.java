package org.alliancetracker.events;

import java.math.BigDecimal;

/**
 * Invariants of the contract's records: a record missing a required field, or carrying a number no producer of the
 * contract can send, cannot be constructed or decoded (a consumer gets {@link MalformedEventException} and
 * dead-letters the record instead of trying to apply it).
 */
public final class Contract {

    /** Largest whole dollar amount an event may carry: its cents fit in 64 bits with room to add. */
    static final int AMOUNT_INTEGER_DIGITS = 16;
    /** Exponents beyond this are refused before any arithmetic: {@code 1e999999999} is a short text but a huge number. */
    private static final int MAX_SCALE = 100;

    private Contract() {
    }

    public static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("Missing required field: " + field);
        }
    }

    /**
     * A sum of money in USD: present, whole cents, below 10^16. Checked without expanding the number, so an amount
     * such as {@code 1e999999999} (which a consumer would otherwise expand to a billion digits) costs nothing.
     */
    public static void requireAmount(BigDecimal amount, String field) {
        requireDecimal(amount, field, AMOUNT_INTEGER_DIGITS, 2);
    }

    /** A measured value (an indicator's): present, at most {@code integerDigits} digits before and {@code fractionDigits} after the point. */
    public static void requireDecimal(BigDecimal value, String field, int integerDigits, int fractionDigits) {
        require(value, field);
        boolean fits = Math.abs(value.scale()) <= MAX_SCALE
                && value.precision() - value.scale() <= integerDigits
                && value.stripTrailingZeros().scale() <= fractionDigits;
        if (!fits) {
            throw new IllegalArgumentException(field + " must have at most " + integerDigits + " digits before and "
                    + fractionDigits + " after the decimal point: " + value);
        }
    }
}
