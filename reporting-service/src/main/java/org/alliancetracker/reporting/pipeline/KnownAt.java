package org.alliancetracker.reporting.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * The {@code knownAt} parameter: an instant ({@code 2017-06-30T18:00:00Z}) or a day ({@code 2017-06-30}, meaning its
 * end, UTC). Only events recorded (CloudEvent {@code time}) by then count.
 */
public final class KnownAt {

    private KnownAt() {
    }

    /** @return null when absent; 400 {@code invalid-parameter} naming {@code knownAt} when unreadable */
    public static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                    "knownAt: must be an instant (2017-06-30T18:00:00Z) or a date (2017-06-30)")
                    .with("errors", List.of(new ApiProblem.FieldError("knownAt", "invalid value")));
        }
    }
}
