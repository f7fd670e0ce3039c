package org.alliancetracker.reporting.projection;

import org.bson.Document;

/** Reads whole cents from a view document, whatever integer type the server returned; absent is zero. */
public final class Cents {

    private Cents() {
    }

    public static long of(Document document, String field) {
        Object value = document == null ? null : document.get(field);
        return value instanceof Number number ? number.longValue() : 0L;
    }

    /** The cents of a field, or {@code null} if the document does not have it. */
    public static Long orNull(Document document, String field) {
        Object value = document == null ? null : document.get(field);
        return value instanceof Number number ? number.longValue() : null;
    }
}
