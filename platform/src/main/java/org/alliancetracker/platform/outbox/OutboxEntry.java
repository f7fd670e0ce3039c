package org.alliancetracker.platform.outbox;

import java.util.Date;

import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.platform.store.StoredRecords;
import org.bson.Document;

/**
 * An event waiting to be published, stored in the {@code outbox} array of the very document whose change it records,
 * so that the change and its event are written atomically by one single-document update.
 *
 * @param payload     the CloudEvent in structured JSON, exactly as it will go on the wire
 * @param type        its CloudEvents type (for the record's {@code ce_type} header and the metrics); null in entries
 *                    written before it was stored
 * @param traceparent the W3C trace context of the request that appended it, so the relay continues that trace when
 *                    it publishes (possibly much later, from another thread or instance); null outside a trace
 */
public record OutboxEntry(String id, String topic, String key, String payload, Date at, String type,
                          String traceparent) {

    /** The name of the array field holding pending entries in an outbox document. */
    public static final String FIELD = "outbox";

    public static OutboxEntry of(CloudEvent<?> event, EventCodec codec) {
        return of(event, codec, null);
    }

    public static OutboxEntry of(CloudEvent<?> event, EventCodec codec, String traceparent) {
        return new OutboxEntry(event.id(), event.topic(), event.key(), codec.encodeToString(event), new Date(),
                event.type(), traceparent);
    }

    /** The entry as stored (by the record codec: a null {@code type} or {@code traceparent} is left out). */
    public Document toDocument() {
        return StoredRecords.toDocument(this);
    }

    public static OutboxEntry fromDocument(Document document) {
        return StoredRecords.fromDocument(document, OutboxEntry.class);
    }
}
