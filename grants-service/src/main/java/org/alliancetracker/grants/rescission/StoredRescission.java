package org.alliancetracker.grants.rescission;

import org.bson.Document;

/** A rescission as the year's document keeps it under {@code rescissions.<id>}. */
public record StoredRescission(String account, long amountCents, String source, String rescindedOn) {

    public static final String MAP = "rescissions";

    Document toDocument() {
        return new Document("account", account).append("amountCents", amountCents).append("source", source)
                .append("rescindedOn", rescindedOn);
    }
}
