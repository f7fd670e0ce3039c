package org.alliancetracker.disbursement.disbursement;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/disbursements/{id}/reversal}: why the disbursement is corrected. */
public record ReversalRequest(@NotBlank @Size(max = 500) String reason) {
}
