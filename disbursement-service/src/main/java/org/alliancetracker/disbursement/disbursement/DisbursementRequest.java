package org.alliancetracker.disbursement.disbursement;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.web.PlainText;
import org.alliancetracker.platform.web.Identifier;
import org.alliancetracker.platform.web.MoneyAmount;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/disbursements}. */
public record DisbursementRequest(
        @Identifier @Schema(example = "GT-SEC-101") String grantId,
        @MoneyAmount @Schema(example = "1234567.89") BigDecimal amount,
        @NotNull @Pattern(regexp = "USD", message = "must be USD, the only currency accepted") @Schema(example = "USD") String currency,
        @NotNull @Schema(example = "2016-06-30") LocalDate valueDate,
        @Size(max = 100) @PlainText @Schema(example = "INV-1") String reference,
        @Size(max = 500) @PlainText @Schema(example = "Salaries, Q2") String description) {
}
