package org.alliancetracker.platform.messaging;

import org.alliancetracker.platform.store.StoredRecords;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * Where an event id was first seen, as a claim document stores it ({@link EventClaims}; reporting-service's facts
 * carry the same three fields): written and read by the driver's record codec, the field names in one place.
 */
public record StoredClaim(@BsonId String eventId, String topic, int partition, long offset) {

    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";

    public static StoredClaim of(String eventId, SourcePosition position) {
        return new StoredClaim(eventId, position.topic(), position.partition(), position.offset());
    }

    public static StoredClaim from(Document document) {
        return StoredRecords.fromDocument(document, StoredClaim.class);
    }

    public Document toDocument() {
        return StoredRecords.toDocument(this);
    }

    /** The position claimed (not a re-drive). */
    public SourcePosition position() {
        return new SourcePosition(topic, partition, offset);
    }

    /** Whether this claim names exactly that record. */
    public boolean at(SourcePosition position) {
        return position.samePlace(position());
    }
}
