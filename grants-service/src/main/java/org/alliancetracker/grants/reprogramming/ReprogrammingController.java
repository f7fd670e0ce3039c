package org.alliancetracker.grants.reprogramming;

import org.alliancetracker.grants.budget.FiscalYears;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Reprogrammings", description = "Unobligated funds moved between allocations of one account")
@RequestMapping("/api/v1/reprogrammings")
class ReprogrammingController {

    private final Reprogrammings reprogrammings;

    ReprogrammingController(Reprogrammings reprogrammings) {
        this.reprogrammings = reprogrammings;
    }

    @PostMapping
    @Operation(operationId = "reprogram", summary = "Reprogram unobligated funds", description = "From one allocation to another of the same fiscal year and account, or out of the Plan (no 'to'; 'destination' names where). At most what 'from' has not obligated, while the account is available. 201 created, 200 for a repeat of the same id and content (no event). Publishes FundsReprogrammed. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found", "409 exceeds-unobligated", "409 funds-expired", "409 reprogramming-exists", "409 concurrent-modification"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<ReprogrammingView>> reprogram(@Valid @RequestBody ReprogrammingRequest request) {
        return reprogrammings.reprogram(request)
                .map(result -> ResponseEntity.status(result.created() ? 201 : 200).body(result.view()));
    }

    @GetMapping
    @Operation(operationId = "listReprogrammings", summary = "List reprogrammings", description = "By fiscal year and id.")
    @ProblemTypes({"400 invalid-parameter", "422 invalid-request"})
    Flux<ReprogrammingView> list(@RequestParam(required = false) Integer fiscalYear) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return reprogrammings.list(fiscalYear);
    }
}
