package org.alliancetracker.disbursement.ledger;

import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Disbursements")
class BalanceController {

    private final GrantLedger ledger;

    BalanceController(GrantLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/v1/grants/{grantId}/balance")
    @Operation(operationId = "getGrantBalance", summary = "A grant's balance", description = "Obligated, disbursed (including reservations in flight) and remaining, from the service's own grant ledger. Any valid token.")
    @ProblemTypes({"404 not-found"})
    @SecurityRequirement(name = "bearer")
    Mono<BalanceView> balance(@PathVariable String grantId) {
        return ledger.find(grantId)
                .filter(LedgerState::known)
                .map(BalanceView::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Grant", grantId)));
    }
}
