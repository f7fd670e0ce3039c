package org.alliancetracker.grants.grant;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of a grant's {@code suspension}, {@code resumption} or {@code closure}; {@code effectiveOn} defaults to today. */
public record StatusChangeRequest(
        @NotBlank @Size(max = 500) String reason,
        LocalDate effectiveOn) {
}
