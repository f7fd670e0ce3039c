package org.alliancetracker.disbursement.disbursement;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.platform.web.Identifier;
import org.alliancetracker.platform.web.MoneyAmount;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/disbursements}. */
public record DisbursementRequest(
        @Identifier String grantId,
        @MoneyAmount BigDecimal amount,
        @NotNull @Pattern(regexp = "USD", message = "must be USD, the only currency accepted") String currency,
        @NotNull LocalDate valueDate,
        @Size(max = 100) String reference,
        @Size(max = 500) String description) {
}
