package org.alliancetracker.grants.indicator;

import org.alliancetracker.platform.web.PlainText;
import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/indicators/{id}/measurements}: the actual value of a period and where it comes from.
 * A later measurement of the same period supersedes (corrects) the earlier one.
 */
public record MeasurementRequest(
        @NotNull @Pattern(regexp = Periods.PATTERN, message = Periods.MESSAGE) @Schema(example = "2017") String period,
        @NotNull @Digits(integer = 15, fraction = 6) @Schema(example = "26.1") BigDecimal value,
        @NotBlank @Size(max = 300) @PlainText @Schema(example = "INACIF") String source) {
}
