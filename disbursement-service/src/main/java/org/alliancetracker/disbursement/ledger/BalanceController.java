package org.alliancetracker.disbursement.ledger;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

@RestController
class BalanceController {

    private final GrantLedger ledger;

    BalanceController(GrantLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/v1/grants/{grantId}/balance")
    Mono<BalanceView> balance(@PathVariable String grantId) {
        return ledger.find(grantId)
                .filter(doc -> doc.containsKey("status"))
                .map(BalanceView::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Grant", grantId)));
    }
}
