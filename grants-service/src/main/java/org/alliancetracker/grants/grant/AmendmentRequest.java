package org.alliancetracker.grants.grant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.platform.web.PlainText;
import org.alliancetracker.platform.web.MoneyAmount;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/grants/{id}/amendments}: the new total obligation (not a difference, so a retried
 * request cannot apply twice) and why. {@code amendedOn} defaults to today. {@code sectors} and {@code partners},
 * when given, replace the grant's (an amendment may change only them, repeating the current total).
 */
public record AmendmentRequest(
        @MoneyAmount @Schema(example = "45000000.00") BigDecimal obligatedAmount,
        @NotBlank @Size(max = 500) @PlainText @Schema(example = "Scope extended to two more municipalities") String reason,
        @Schema(example = "2017-10-02") LocalDate amendedOn,
        @Valid @Size(max = 20) @Schema(description = "The grant's sectors from now on (all of them); absent: unchanged")
        List<@NotNull SectorRequest> sectors,
        @Valid @Size(max = 20) @Schema(description = "The grant's partners from now on (all of them); absent: unchanged")
        List<@NotNull PartnerRequest> partners) {
}
