package org.alliancetracker.grants.grant;

import java.time.LocalDate;

/**
 * One entry of a stored grant's {@code history}: the change, its day (ISO string), the reason if one was given and the
 * obligated total after an award or amendment (absent for status changes, which do not move it).
 */
public record StoredGrantChange(GrantChange change, String on, String reason, Long obligatedCents) {

    static StoredGrantChange of(GrantChange change, LocalDate on, String reason, Long obligatedCents) {
        return new StoredGrantChange(change, on.toString(), reason, obligatedCents);
    }

    LocalDate day() {
        return LocalDate.parse(on);
    }
}
