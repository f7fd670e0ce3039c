package org.alliancetracker.grants.reprogramming;

import org.bson.Document;

/** A reprogramming as the year's document keeps it under {@code reprogrammings.<id>} (dates as ISO strings). */
public record StoredReprogramming(String account, String from, String to, String destination, long amountCents,
                                  String notificationReference, String notifiedOn, String effectiveOn, String reason) {

    public static final String MAP = "reprogrammings";

    Document toDocument() {
        Document d = new Document("account", account).append("from", from).append("amountCents", amountCents)
                .append("notificationReference", notificationReference).append("notifiedOn", notifiedOn)
                .append("effectiveOn", effectiveOn);
        if (to != null) {
            d.append("to", to);
        }
        if (destination != null) {
            d.append("destination", destination);
        }
        if (reason != null) {
            d.append("reason", reason);
        }
        return d;
    }
}
