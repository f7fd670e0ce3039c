package org.alliancetracker.grants.rescission;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.web.Identifier;
import org.alliancetracker.platform.web.MoneyAmount;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/appropriations/{fiscalYear}/rescissions}: a law cancels {@code amount} of what
 * {@code account} has not allocated. {@code account} may be left out when the year has one; {@code rescindedOn}
 * defaults to today. The client's {@code id} makes a retry safe.
 */
public record RescissionRequest(
        @Identifier @Schema(example = "RESC-2018-1") String id,
        @Pattern(regexp = "[A-Z]{2,10}", message = "must be an account code such as ESF or INCLE")
        @Schema(example = "DA") String account,
        @MoneyAmount @Schema(example = "12500000.00") BigDecimal amount,
        @NotBlank @Size(max = 300) @Schema(example = "Rescissions Act, 2018") String source,
        @Schema(example = "2018-05-08") LocalDate rescindedOn) {
}
