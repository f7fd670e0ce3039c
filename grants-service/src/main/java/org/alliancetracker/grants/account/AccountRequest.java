package org.alliancetracker.grants.account;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.web.MoneyAmount;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/**
 * One account of an appropriation in {@code PUT /api/v1/appropriations/{fiscalYear}}; {@code availableUntil}
 * defaults to 30 September of the following fiscal year (two-year funds).
 */
public record AccountRequest(
        @NotNull @Schema(example = "ESF") AccountCode code,
        @MoneyAmount @Schema(example = "600000000.00") BigDecimal amount,
        @Schema(example = "2017-09-30") LocalDate availableUntil) {
}
