package org.alliancetracker.reporting.projection;

import org.bson.conversions.Bson;

/** One document of a view to change because of an event: which collection, which document, what update. */
public record ViewChange(String collection, Object documentId, Bson update) {
}
