package org.alliancetracker.grants.indicator;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One entry of an indicator's {@code measurements}, oldest first: the period, its value (canonical decimal string),
 * its source, when it was recorded (a date) and the id of its {@code OutcomeMeasured} event.
 */
public record StoredMeasurement(String period, String value, String source, Instant recordedAt, String eventId) {

    BigDecimal decimal() {
        return new BigDecimal(value);
    }
}
