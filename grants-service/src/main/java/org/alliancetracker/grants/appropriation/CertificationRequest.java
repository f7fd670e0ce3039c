package org.alliancetracker.grants.appropriation;

import java.time.LocalDate;

import org.alliancetracker.platform.web.Identifier;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/appropriations/{fiscalYear}/certifications}: the condition of withholding
 * {@code withholdingId} was certified on {@code certifiedOn}.
 */
public record CertificationRequest(
        @Identifier String withholdingId,
        @NotNull LocalDate certifiedOn,
        @Size(max = 500) String note) {
}
