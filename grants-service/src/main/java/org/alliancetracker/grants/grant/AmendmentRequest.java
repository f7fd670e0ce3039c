package org.alliancetracker.grants.grant;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.web.PlainText;
import org.alliancetracker.platform.web.MoneyAmount;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/grants/{id}/amendments}: the new total obligation (not a difference, so a retried
 * request cannot apply twice) and why. {@code amendedOn} defaults to today.
 */
public record AmendmentRequest(
        @MoneyAmount @Schema(example = "45000000.00") BigDecimal obligatedAmount,
        @NotBlank @Size(max = 500) @PlainText @Schema(example = "Scope extended to two more municipalities") String reason,
        @Schema(example = "2017-10-02") LocalDate amendedOn) {
}
