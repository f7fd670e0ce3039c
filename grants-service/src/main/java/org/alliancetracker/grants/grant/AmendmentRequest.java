package org.alliancetracker.grants.grant;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.web.MoneyAmount;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/grants/{id}/amendments}: the new total obligation (not a difference, so a retried
 * request cannot apply twice) and why. {@code amendedOn} defaults to today.
 */
public record AmendmentRequest(
        @MoneyAmount BigDecimal obligatedAmount,
        @NotBlank @Size(max = 500) String reason,
        LocalDate amendedOn) {
}
