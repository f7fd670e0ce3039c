package org.alliancetracker.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * U.S. dollars, exact to the cent. The API and the events carry {@link BigDecimal}s with two decimals; MongoDB stores
 * whole cents as 64-bit integers, so sums ({@code $inc}) and comparisons are exact in any MongoDB.
 */
public final class Money {

    public static final String USD = "USD";

    private Money() {
    }

    /** @throws ArithmeticException if the amount has a fraction of a cent or does not fit */
    public static long toCents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    public static BigDecimal fromCents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** The amount with exactly two decimals, e.g. {@code 750000000} becomes {@code 750000000.00}. */
    public static BigDecimal normalize(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static boolean hasAtMostTwoDecimals(BigDecimal amount) {
        return amount.stripTrailingZeros().scale() <= 2;
    }

    /** {@code percent} % of {@code amount}, rounded half-even to the cent. */
    public static BigDecimal percentOf(BigDecimal amount, BigDecimal percent) {
        return amount.multiply(percent).movePointLeft(2).setScale(2, RoundingMode.HALF_EVEN);
    }
}
