package org.alliancetracker.platform.observability;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * The CloudEvents type of a record for metrics: the {@code ce_type} header the outbox relay sets, or else the
 * top-level {@code type} attribute read by a streaming parser that stops as soon as it finds it.
 */
public final class EventTypes {

    public static final String HEADER = "ce_type";
    public static final String UNKNOWN = "unknown";
    private static final JsonFactory JSON = new JsonFactory();

    private EventTypes() {
    }

    public static String of(Object header, Object payload) {
        if (header instanceof byte[] bytes && bytes.length > 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (header instanceof String text && !text.isEmpty()) {
            return text;
        }
        return payload instanceof byte[] json ? fromJson(json) : UNKNOWN;
    }

    static String fromJson(byte[] json) {
        String type = attribute(json, "type");
        return type == null ? UNKNOWN : type;
    }

    /** A top-level string attribute of a JSON object (e.g. a CloudEvent's {@code id}), or null. */
    public static String attribute(byte[] json, String attribute) {
        if (json == null || json.length == 0) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(tools.jackson.core.ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (attribute.equals(name) && value == JsonToken.VALUE_STRING) {
                    return parser.getString();
                }
                parser.skipChildren();
            }
            return null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
