package org.alliancetracker.grants.indicator;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

/**
 * An indicator's document in {@code indicators} as the record codec writes and reads it ({@code _id} is the
 * indicator's id; the outbox and {@code latest}, the current actual of each period, are left out). Public because the
 * codec reads it by reflection.
 */
public record StoredIndicator(@BsonId String id, StoredDefinition definition, Instant definedAt,
                              List<StoredMeasurement> measurements) {

    static final String DEFINITION = "definition";
    static final String MEASUREMENTS = "measurements";
    /** The current actual of each period, {@code latest.<period>}: a {@link StoredActual}. */
    static final String LATEST = "latest";

    public StoredIndicator {
        measurements = measurements == null ? List.of() : measurements;
    }

    /** The path of one field of the definition, as the list's filters name it. */
    static String definitionPath(String field) {
        return DEFINITION + "." + field;
    }

    /** The current actual of {@code period} as stored under {@code latest.<period>}. */
    public record StoredActual(String value, String source) {

        static final String VALUE = "value";
        static final String SOURCE = "source";

        static String path(String period, String field) {
            return LATEST + "." + period + "." + field;
        }
    }
}
