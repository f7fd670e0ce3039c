package org.alliancetracker.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode around one event of the contract. The components are the
 * attributes in wire order.
 *
 * @param id      unique per event; a duplicate on the wire (a relay retry) carries the same id
 * @param source  URI reference of the producing service, e.g. {@code /grants-service}
 * @param type    reverse-DNS type with version, e.g. {@code alliance.grant.awarded.v1}
 * @param subject the aggregate id, also the Kafka key
 */
public record CloudEvent<E extends AllianceEvent>(String specversion, String id, String source, String type,
                                                  Instant time, String subject, String datacontenttype, E data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    public CloudEvent {
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("Unsupported specversion: " + specversion);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public CloudEvent(String id, String source, String type, Instant time, String subject, E data) {
        this(SPEC_VERSION, id, source, type, time, subject, DATA_CONTENT_TYPE, data);
    }

    /** The topic this event belongs on. */
    public String topic() {
        return data.topic();
    }

    /** The Kafka key: the aggregate id. */
    public String key() {
        return data.aggregateId();
    }
}
