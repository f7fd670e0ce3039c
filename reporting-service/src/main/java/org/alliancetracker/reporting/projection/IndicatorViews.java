package org.alliancetracker.reporting.projection;

/**
 * Field names of the {@code indicator_views} collection added for {@code knownAt}: when the indicator was first
 * defined (the CloudEvent {@code time}), and every measurement in the order recorded, with its time, so the actual
 * the tracker showed at an instant can be read even after a correction replaced it in {@code actuals}.
 */
public final class IndicatorViews {

    /** The recording time of the first {@code IndicatorDefined} (a date; absent on views written before it). */
    public static final String DEFINED_AT = "definedAt";
    /** {@code period}, {@code value} (plain decimal text), {@code source}, {@code at} (recording time). */
    public static final String MEASUREMENTS = "measurements";

    private IndicatorViews() {
    }
}
