package org.alliancetracker.grants.indicator;

import java.math.BigDecimal;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.platform.web.PlainText;
import org.alliancetracker.platform.web.Identifier;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/indicators}. {@code ascending}: whether higher values are better. {@code grantId} is
 * required for a {@code PROGRAM} indicator (results of that grant) and must be absent for a {@code CONTEXT} one.
 */
public record IndicatorRequest(
        @Identifier @Schema(example = "GT-HOMICIDES") String id,
        @NotNull @Schema(example = "GT") Country country,
        @NotNull @Schema(example = "CONTEXT") IndicatorKind kind,
        @NotBlank @Size(max = 200) @PlainText @Schema(example = "Homicides per 100,000 inhabitants") String name,
        @NotBlank @Size(max = 60) @PlainText @Schema(example = "per 100k") String unit,
        @NotNull @Schema(example = "false") Boolean ascending,
        @Pattern(regexp = Identifier.PATTERN, message = "must be the id of an existing grant") String grantId,
        @Valid Value baseline,
        @Valid @Size(max = 40) List<@NotNull Value> targets) {

    public IndicatorRequest {
        targets = targets == null ? List.of() : targets;
    }

    /** A value for a period: a year ({@code 2017}), a half ({@code 2017-H1}), a quarter ({@code 2017-Q3}) or a month. */
    public record Value(
            @NotNull @Pattern(regexp = Periods.PATTERN, message = Periods.MESSAGE) @Schema(example = "2016") String period,
            @NotNull @Digits(integer = 15, fraction = 6) @Schema(example = "27.3") BigDecimal value) {
    }
}
