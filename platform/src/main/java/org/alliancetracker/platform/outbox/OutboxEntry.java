package org.alliancetracker.platform.outbox;

import java.util.Date;

import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.EventCodec;
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

    public Document toDocument() {
        Document document = new Document("id", id).append("topic", topic).append("key", key).append("payload", payload)
                .append("at", at).append("type", type);
        if (traceparent != null) {
            document.append("traceparent", traceparent);
        }
        return document;
    }

    public static OutboxEntry fromDocument(Document document) {
        return new OutboxEntry(document.getString("id"), document.getString("topic"), document.getString("key"),
                document.getString("payload"), document.getDate("at"), document.getString("type"),
                document.getString("traceparent"));
    }
}
