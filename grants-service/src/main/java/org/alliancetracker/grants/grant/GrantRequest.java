package org.alliancetracker.grants.grant;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.web.Identifier;
import org.alliancetracker.platform.web.MoneyAmount;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/grants}. {@code obligatedOn} (the date the obligation takes effect, used by as-of
 * views) defaults to {@code startDate}.
 */
public record GrantRequest(
        @Identifier String id,
        @NotBlank @Size(max = 80) String allocationId,
        @NotNull @Pattern(regexp = "[A-Z][A-Z0-9-]{1,31}", message = "must be an agency code such as USAID or STATE-INL")
        String agency,
        @NotBlank @Size(max = 300) String title,
        @MoneyAmount BigDecimal obligatedAmount,
        @NotNull LocalDate startDate,
        @NotNull LocalDate endDate,
        LocalDate obligatedOn) {
}
