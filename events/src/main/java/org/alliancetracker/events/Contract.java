package org.alliancetracker.events;

/** Invariants of the contract's records: a record missing a required field cannot be constructed or decoded. */
public final class Contract {

    private Contract() {
    }

    public static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("Missing required field: " + field);
        }
    }
}
