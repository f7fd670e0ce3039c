package org.alliancetracker.grants.grant;

import org.alliancetracker.platform.web.PlainText;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An implementing partner of a grant: its name, its IATI organisation identifier ({@code ref}: a registration
 * agency's code from OrganisationRegistrationAgency, a hyphen, its number there) and IATI organisation type code.
 */
public record PartnerRequest(
        @NotBlank @Size(max = 200) @PlainText @Schema(example = "Asociación para el Desarrollo Comunitario") String name,
        @NotNull @Size(max = 100) @Schema(example = "GT-NIT-1234567-8") String ref,
        @NotNull @Pattern(regexp = "\\d{2}", message = "must be an IATI organisation type code such as 21 or 22")
        @Schema(example = "22") String type) {
}
