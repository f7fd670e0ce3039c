package org.alliancetracker.grants.allocation;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.grants.budget.FiscalYears;
import org.alliancetracker.platform.web.MoneyAmount;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /api/v1/allocations}. {@code account} may be left out when the year has a single account;
 * {@code allocatedOn} defaults to today.
 */
public record AllocationRequest(
        @NotNull @Min(FiscalYears.FIRST) @Max(FiscalYears.LAST) @Schema(example = "2016") Integer fiscalYear,
        @NotNull @Schema(example = "GT") Country country,
        @NotNull @Schema(example = "SECURITY_AND_JUSTICE") Pillar pillar,
        @MoneyAmount @Schema(example = "100000000.00") BigDecimal amount,
        @Pattern(regexp = "[A-Z]{2,10}", message = "must be an account code such as ESF or INCLE")
        @Schema(example = "ESF") String account,
        @Schema(example = "2016-02-15") LocalDate allocatedOn) {
}
