package org.alliancetracker.reporting.reconciliation;

import java.util.HashMap;
import java.util.Map;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * What an outside file says, summed as it is read: cents per {@link Key}, so memory grows with the number of grants
 * and years, never with the number of transactions (bounded by {@code maxKeys}). Also counts what was read and what
 * was left out, and why.
 */
final class TheirFigures {

    private final int maxKeys;
    private final Integer onlyFiscalYear;
    private final Map<Key, Long> cents = new HashMap<>();
    private long transactions;
    private long ignoredTypes;
    private long otherCurrency;
    private long outOfScope;
    private long records;

    TheirFigures(int maxKeys, Integer onlyFiscalYear) {
        this.maxKeys = maxKeys;
        this.onlyFiscalYear = onlyFiscalYear;
    }

    /** An activity (IATI) or a line (CSV) read. */
    void record() {
        records++;
    }

    void add(Key key, long amountCents, long line) {
        transactions++;
        if (onlyFiscalYear != null && key.fiscalYear() != onlyFiscalYear) {
            outOfScope++;
            return;
        }
        Long before = cents.get(key);
        if (before == null && cents.size() >= maxKeys) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, FileProblems.INVALID_FILE,
                    "File cannot be reconciled", "line " + line + ": the file has more than " + maxKeys
                    + " distinct figures (identifier, fiscal year, obligated or disbursed)").with("line", line);
        }
        cents.put(key, before == null ? amountCents : Math.addExact(before, amountCents));
    }

    /** A transaction of a type that is neither a commitment, a disbursement nor an expenditure. */
    void ignoredType() {
        transactions++;
        ignoredTypes++;
    }

    /** A transaction in another currency (with its value date): not converted, no exchange rates are held here. */
    void otherCurrency() {
        transactions++;
        otherCurrency++;
    }

    Map<Key, Long> cents() {
        return cents;
    }

    FileSummary summary(String format) {
        return new FileSummary(format, records, transactions, ignoredTypes, otherCurrency, outOfScope);
    }

    /**
     * @param records       activities (IATI) or data lines (CSV) read
     * @param transactions  transactions (IATI) or amounts (CSV) read
     * @param ignoredTypes  IATI transactions of another type than 2, 3 or 4
     * @param otherCurrency transactions in another currency than USD (with a value date), not compared
     * @param outOfScope    transactions outside the fiscal year asked for
     */
    record FileSummary(String format, long records, long transactions, long ignoredTypes, long otherCurrency,
                       long outOfScope) {
    }
}
