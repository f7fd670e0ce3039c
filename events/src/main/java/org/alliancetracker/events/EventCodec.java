package org.alliancetracker.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes CloudEvents of the contract as structured-mode JSON. Money is written as plain JSON numbers with
 * their scale ({@code 750000000.00}) and read into {@link java.math.BigDecimal}, never through a double.
 * Readers are tolerant of unknown data fields (newer producers); an unknown {@code type} is a poison event.
 */
public final class EventCodec {

    private final JsonMapper mapper;

    public EventCodec() {
        this.mapper = contractMapper();
    }

    /** The JSON settings of the contract: exact decimals, ISO-8601 dates, tolerant of unknown fields. */
    public static JsonMapper contractMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** Wraps an event in a new envelope with a fresh id and the current time. */
    public <E extends AllianceEvent> CloudEvent<E> envelope(E event, String source) {
        return envelope(event, source, UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    public <E extends AllianceEvent> CloudEvent<E> envelope(E event, String source, String id, Instant time) {
        return new CloudEvent<>(id, source, EventType.of(event.getClass()).type(), time, event.aggregateId(), event);
    }

    public byte[] encode(CloudEvent<?> event) {
        return mapper.writeValueAsBytes(event);
    }

    public String encodeToString(CloudEvent<?> event) {
        return mapper.writeValueAsString(event);
    }

    /** @throws MalformedEventException when the bytes are not a CloudEvent of a known type with valid data */
    public CloudEvent<AllianceEvent> decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new MalformedEventException("Empty record");
        }
        try {
            return fromTree(mapper.readTree(json));
        } catch (JacksonException e) {
            throw new MalformedEventException("Not a valid CloudEvent: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Decodes a record read from {@code topic}: an event of the contract that belongs on another topic (a grant event
     * on {@code alliance.disbursements}, say) is as malformed there as broken JSON.
     *
     * @throws MalformedEventException when the bytes are not a CloudEvent of a known type with valid data, or the
     *                                 event belongs on another topic
     */
    public CloudEvent<AllianceEvent> decode(String topic, byte[] json) {
        CloudEvent<AllianceEvent> event = decode(json);
        if (!event.topic().equals(topic)) {
            throw new MalformedEventException("Event type " + event.type() + " belongs on " + event.topic()
                    + ", not on " + topic);
        }
        return event;
    }

    public CloudEvent<AllianceEvent> decode(String json) {
        if (json == null || json.isEmpty()) {
            throw new MalformedEventException("Empty record");
        }
        try {
            return fromTree(mapper.readTree(json));
        } catch (JacksonException e) {
            throw new MalformedEventException("Not a valid CloudEvent: " + e.getOriginalMessage(), e);
        }
    }

    private CloudEvent<AllianceEvent> fromTree(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("A CloudEvent must be a JSON object");
        }
        String specversion = text(root, "specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new MalformedEventException("Unsupported specversion: " + specversion);
        }
        EventType type = EventType.ofType(text(root, "type"));
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedEventException("Missing data object in event " + text(root, "id"));
        }
        AllianceEvent payload = mapper.treeToValue(data, type.eventClass());
        String time = root.path("time").asString(null);
        try {
            return new CloudEvent<>(text(root, "id"), text(root, "source"), type.type(),
                    time == null ? null : Instant.parse(time), root.path("subject").asString(null), payload);
        } catch (RuntimeException e) {
            throw new MalformedEventException("Invalid CloudEvent attributes: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isString() || node.asString().isEmpty()) {
            throw new MalformedEventException("Missing CloudEvent attribute: " + field);
        }
        return node.asString();
    }
}
