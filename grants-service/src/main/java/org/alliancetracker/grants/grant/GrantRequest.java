package org.alliancetracker.grants.grant;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.platform.web.PlainText;
import org.alliancetracker.platform.web.Identifier;
import org.alliancetracker.platform.web.MoneyAmount;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/grants}. {@code obligatedOn} (the date the obligation takes effect, used by as-of
 * views) defaults to {@code startDate}. {@code sectors} and {@code partners} are optional (see {@link Classification}).
 */
public record GrantRequest(
        @Identifier @Schema(example = "GT-SEC-101") String id,
        @NotBlank @Size(max = 80) @PlainText @Schema(example = "FY2016-GT-SECURITY_AND_JUSTICE-3f9a2c1b") String allocationId,
        @NotNull @Pattern(regexp = "[A-Z][A-Z0-9-]{1,31}", message = "must be an agency code such as USAID or STATE-INL")
        @Schema(example = "USAID") String agency,
        @NotBlank @Size(max = 300) @PlainText @Schema(example = "Community violence prevention") String title,
        @MoneyAmount @Schema(example = "40000000.00") BigDecimal obligatedAmount,
        @NotNull @Schema(example = "2016-03-01") LocalDate startDate,
        @NotNull @Schema(example = "2019-02-28") LocalDate endDate,
        @Schema(example = "2016-03-01") LocalDate obligatedOn,
        @Valid @Size(max = 20) @Schema(description = "DAC CRS purpose codes (IATI sector vocabulary 1) with percentages "
                + "adding up to 100; absent: none (the IATI export then uses the pillar's default sector)")
        List<@NotNull SectorRequest> sectors,
        @Valid @Size(max = 20) @Schema(description = "The implementing partners, prime recipient first")
        List<@NotNull PartnerRequest> partners) {
}
