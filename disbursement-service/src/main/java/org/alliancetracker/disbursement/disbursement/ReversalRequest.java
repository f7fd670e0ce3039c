package org.alliancetracker.disbursement.disbursement;

import org.alliancetracker.platform.web.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/disbursements/{id}/reversal}: why the disbursement is corrected. */
public record ReversalRequest(@NotBlank @Size(max = 500) @PlainText @Schema(example = "posted twice") String reason) {
}
