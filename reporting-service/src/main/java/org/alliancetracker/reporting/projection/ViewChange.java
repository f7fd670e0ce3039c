package org.alliancetracker.reporting.projection;

import org.bson.Document;
import org.bson.conversions.Bson;

/** What one event changes in one document. */
public sealed interface ViewChange {

    String collection();

    /**
     * An upsert of a view document kept by events, applied only if the document has not yet applied the event's
     * topic-partition offset (the offset guard is added by the {@link Projector}).
     */
    record Update(String collection, Object documentId, Bson update) implements ViewChange {
    }

    /** A document written once per event ({@code _id} = CloudEvent id); writing it again changes nothing. */
    record Insert(String collection, Document document) implements ViewChange {
    }
}
