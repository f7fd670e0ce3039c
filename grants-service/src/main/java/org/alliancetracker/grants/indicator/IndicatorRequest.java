package org.alliancetracker.grants.indicator;

import java.math.BigDecimal;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.platform.web.Identifier;

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
        @Identifier String id,
        @NotNull Country country,
        @NotNull IndicatorKind kind,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 60) String unit,
        @NotNull Boolean ascending,
        @Pattern(regexp = Identifier.PATTERN, message = "must be the id of an existing grant") String grantId,
        @Valid Value baseline,
        @Valid @Size(max = 40) List<@NotNull Value> targets) {

    public IndicatorRequest {
        targets = targets == null ? List.of() : targets;
    }

    /** A value for a period: a year ({@code 2017}), a half ({@code 2017-H1}), a quarter ({@code 2017-Q3}) or a month. */
    public record Value(
            @NotNull @Pattern(regexp = Periods.PATTERN, message = Periods.MESSAGE) String period,
            @NotNull @Digits(integer = 15, fraction = 6) BigDecimal value) {
    }
}
