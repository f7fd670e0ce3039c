package org.alliancetracker.grants.account;

import java.time.LocalDate;

import org.bson.Document;

/**
 * An account as the year's document stores it under {@code accounts.<code>}; the names of its fields are the
 * constants below and nowhere else. {@code unallocatedCents} = amount − allocated − rescinded is kept by every
 * change, so "fits in the account" is a pure condition ({@code unallocatedCents ≥ x}). Dates are ISO strings, which
 * compare in date order.
 */
public record StoredAccount(long amountCents, String availableUntil, String closesOn, long allocatedCents,
                            long rescindedCents, long unallocatedCents) {

    public static final String MAP = "accounts";
    public static final String AMOUNT = "amountCents";
    public static final String AVAILABLE_UNTIL = "availableUntil";
    public static final String CLOSES_ON = "closesOn";
    public static final String ALLOCATED = "allocatedCents";
    public static final String RESCINDED = "rescindedCents";
    public static final String UNALLOCATED = "unallocatedCents";

    /** The path of one field of account {@code code} in the year's document. */
    public static String path(String code, String field) {
        return MAP + "." + code + "." + field;
    }

    public LocalDate availableUntilDate() {
        return LocalDate.parse(availableUntil);
    }

    public LocalDate closesOnDate() {
        return LocalDate.parse(closesOn);
    }

    public Document toDocument() {
        return new Document(AMOUNT, amountCents).append(AVAILABLE_UNTIL, availableUntil).append(CLOSES_ON, closesOn)
                .append(ALLOCATED, allocatedCents).append(RESCINDED, rescindedCents)
                .append(UNALLOCATED, unallocatedCents);
    }
}
