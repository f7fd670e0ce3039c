package org.alliancetracker.reporting.indicator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A document of {@code indicator_views} as the projection writes it, read with the driver's record codec
 * ({@link org.alliancetracker.platform.store.StoredRecords}). {@code actuals} holds the latest value of each period
 * (keyed by the period made safe as a field name); {@code measurements} every value in the order recorded, with
 * its recording time (absent on views written before it: a rebuild fills it). Public: the record codec constructs
 * it reflectively.
 */
public record StoredIndicator(@BsonId String id, String country, String kind, String name, String unit,
                              Boolean ascending, String grantId, StoredValue baseline, List<StoredValue> targets,
                              Map<String, StoredValue> actuals, Instant definedAt, List<Measurement> measurements) {

    public StoredIndicator {
        targets = targets == null ? List.of() : targets;
        actuals = actuals == null ? Map.of() : actuals;
        measurements = measurements == null ? List.of() : measurements;
    }

    /** A value for a period as stored: plain decimal text; {@code source} only on actuals. */
    public record StoredValue(String period, String value, String source) {
    }

    /** One {@code OutcomeMeasured} as recorded ({@code at}: its CloudEvent time). */
    public record Measurement(String period, String value, String source, Instant at) {
    }
}
