package org.alliancetracker.grants.grant;

import org.alliancetracker.platform.web.PlainText;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of a grant's {@code suspension}, {@code resumption} or {@code closure}; {@code effectiveOn} defaults to today. */
public record StatusChangeRequest(
        @NotBlank @Size(max = 500) @PlainText @Schema(example = "Implementing partner under review") String reason,
        @Schema(example = "2018-04-01") LocalDate effectiveOn) {
}
