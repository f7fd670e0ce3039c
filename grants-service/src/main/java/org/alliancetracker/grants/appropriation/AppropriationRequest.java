package org.alliancetracker.grants.appropriation;

import java.math.BigDecimal;
import java.util.List;

import org.alliancetracker.platform.web.Identifier;
import org.alliancetracker.platform.web.MoneyAmount;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /api/v1/appropriations/{fiscalYear}}. */
public record AppropriationRequest(
        @NotNull AppropriationStage stage,
        @MoneyAmount BigDecimal amount,
        @NotBlank @Size(max = 300) String source,
        @Valid @Size(max = 20) List<@NotNull WithholdingRequest> withholdings) {

    public AppropriationRequest {
        withholdings = withholdings == null ? List.of() : withholdings;
    }

    /** A share held back until {@code condition} is certified. */
    public record WithholdingRequest(
            @Identifier String id,
            @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal percent,
            @NotBlank @Size(max = 500) String condition) {
    }
}
