package org.alliancetracker.grants.appropriation;

import java.time.LocalDate;

import org.alliancetracker.platform.web.PlainText;
import org.alliancetracker.platform.web.Identifier;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/appropriations/{fiscalYear}/certifications}: the condition of withholding
 * {@code withholdingId} was certified on {@code certifiedOn}.
 */
public record CertificationRequest(
        @Identifier @Schema(example = "migration") String withholdingId,
        @NotNull @Schema(example = "2016-09-30") LocalDate certifiedOn,
        @Size(max = 500) @PlainText @Schema(example = "Certified by the Secretary of State") String note) {
}
