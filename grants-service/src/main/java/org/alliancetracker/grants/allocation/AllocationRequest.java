package org.alliancetracker.grants.allocation;

import java.math.BigDecimal;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.grants.budget.FiscalYears;
import org.alliancetracker.platform.web.MoneyAmount;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/v1/allocations}. */
public record AllocationRequest(
        @NotNull @Min(FiscalYears.FIRST) @Max(FiscalYears.LAST) Integer fiscalYear,
        @NotNull Country country,
        @NotNull Pillar pillar,
        @MoneyAmount BigDecimal amount) {
}
