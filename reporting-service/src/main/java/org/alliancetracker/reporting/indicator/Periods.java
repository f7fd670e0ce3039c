package org.alliancetracker.reporting.indicator;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The periods indicators are measured for: a calendar year {@code 2017}, a U.S. fiscal year {@code FY2017}
 * (October to September), a half {@code 2017-H1}, a quarter {@code 2017-Q3}, a month {@code 2017-06} or a day
 * {@code 2017-06-30}. A measurement counts "as of" a date once its period has ended by that date.
 */
public final class Periods {

    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern FISCAL_YEAR = Pattern.compile("FY(\\d{4})");
    private static final Pattern HALF = Pattern.compile("(\\d{4})-H([12])");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");

    /** Orders periods by their end, then by name; periods of unknown form come last. */
    public static final Comparator<String> CHRONOLOGICAL = Comparator
            .comparing((String p) -> end(p).orElse(LocalDate.MAX))
            .thenComparing(Comparator.naturalOrder());

    private Periods() {
    }

    public static Optional<LocalDate> start(String period) {
        return bounds(period).map(b -> b[0]);
    }

    public static Optional<LocalDate> end(String period) {
        return bounds(period).map(b -> b[1]);
    }

    /** The year a period belongs to (by its end), e.g. for IATI's baseline {@code year}. */
    public static Optional<Integer> year(String period) {
        return end(period).map(LocalDate::getYear);
    }

    private static Optional<LocalDate[]> bounds(String period) {
        if (period == null) {
            return Optional.empty();
        }
        String p = period.trim();
        try {
            Matcher m;
            if ((m = YEAR.matcher(p)).matches()) {
                int year = Integer.parseInt(m.group(1));
                return Optional.of(new LocalDate[] {LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)});
            }
            if ((m = FISCAL_YEAR.matcher(p)).matches()) {
                int year = Integer.parseInt(m.group(1));
                return Optional.of(new LocalDate[] {LocalDate.of(year - 1, 10, 1), LocalDate.of(year, 9, 30)});
            }
            if ((m = HALF.matcher(p)).matches()) {
                int year = Integer.parseInt(m.group(1));
                int half = Integer.parseInt(m.group(2));
                YearMonth first = YearMonth.of(year, half == 1 ? 1 : 7);
                return Optional.of(new LocalDate[] {first.atDay(1), first.plusMonths(5).atEndOfMonth()});
            }
            if ((m = QUARTER.matcher(p)).matches()) {
                int year = Integer.parseInt(m.group(1));
                int quarter = Integer.parseInt(m.group(2));
                YearMonth first = YearMonth.of(year, (quarter - 1) * 3 + 1);
                return Optional.of(new LocalDate[] {first.atDay(1), first.plusMonths(2).atEndOfMonth()});
            }
            if ((m = MONTH.matcher(p)).matches()) {
                YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                return Optional.of(new LocalDate[] {month.atDay(1), month.atEndOfMonth()});
            }
            LocalDate day = LocalDate.parse(p);
            return Optional.of(new LocalDate[] {day, day});
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
