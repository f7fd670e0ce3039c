package org.alliancetracker.grants.reprogramming;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.web.Identifier;
import org.alliancetracker.platform.web.MoneyAmount;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/reprogrammings}: move {@code amount} of what allocation {@code from} has not obligated
 * to allocation {@code to} (same fiscal year and account), or out of the Plan ({@code to} absent, {@code destination}
 * says where), as notified to Congress ({@code notificationReference}, {@code notifiedOn}). {@code effectiveOn}
 * defaults to today. The client's {@code id} makes a retry safe.
 */
public record ReprogrammingRequest(
        @Identifier @Schema(example = "RP-2019-001") String id,
        @NotBlank @Size(max = 80) @Schema(example = "FY2018-HN-PRODUCTIVE_SECTOR-3f9a2c1b") String from,
        @Size(max = 80) @Schema(example = "FY2018-GT-HUMAN_CAPITAL-1a2b3c4d") String to,
        @Size(max = 300) @Schema(example = "Other Western Hemisphere programs") String destination,
        @MoneyAmount @Schema(example = "25000000.00") BigDecimal amount,
        @NotBlank @Size(max = 100) @Schema(example = "CN 19-117") String notificationReference,
        @NotNull @Schema(example = "2019-06-17") LocalDate notifiedOn,
        @Schema(example = "2019-07-02") LocalDate effectiveOn,
        @Size(max = 500) @Schema(example = "Assistance to the three countries suspended") String reason) {
}
