package org.alliancetracker.grants.appropriation;

import java.math.BigDecimal;
import java.util.List;

import org.alliancetracker.grants.account.AccountRequest;
import org.alliancetracker.platform.web.PlainText;
import org.alliancetracker.platform.web.Identifier;
import org.alliancetracker.platform.web.MoneyAmount;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /api/v1/appropriations/{fiscalYear}}. */
public record AppropriationRequest(
        @NotNull @Schema(example = "ENACTED") AppropriationStage stage,
        @MoneyAmount @Schema(example = "750000000.00") BigDecimal amount,
        @NotBlank @Size(max = 300) @PlainText @Schema(example = "Consolidated Appropriations Act, 2016") String source,
        @Valid @Size(max = 20) List<@NotNull WithholdingRequest> withholdings,
        @Valid @Size(max = 20) List<@NotNull AccountRequest> accounts) {

    public AppropriationRequest {
        withholdings = withholdings == null ? List.of() : withholdings;
        accounts = accounts == null ? List.of() : accounts;
    }

    /** A share held back until {@code condition} is certified. */
    public record WithholdingRequest(
            @Identifier @Schema(example = "migration") String id,
            @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) @Schema(example = "25") BigDecimal percent,
            @NotBlank @Size(max = 500) @PlainText @Schema(example = "Certification on border security and migration") String condition) {
    }
}
