package org.alliancetracker.grants.grant;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A share of a grant in one OECD DAC CRS purpose code (IATI sector vocabulary 1); the code must be in the Sector
 * codelist of the project's IATI table, the percentages of a grant add up to 100.
 */
public record SectorRequest(
        @NotNull @Pattern(regexp = "\\d{5}", message = "must be a 5-digit DAC CRS purpose code such as 15130")
        @Schema(example = "15130") String code,
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") @Digits(integer = 3, fraction = 2)
        @Schema(example = "60") BigDecimal percentage) {
}
