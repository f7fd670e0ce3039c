package org.alliancetracker.grants.rescission;

import org.alliancetracker.grants.budget.FiscalYears;
import org.alliancetracker.grants.rescission.Rescissions.RescissionView;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Rescissions", description = "Unallocated budget authority cancelled by law")
@RequestMapping("/api/v1/appropriations/{fiscalYear}/rescissions")
class RescissionController {

    private final Rescissions rescissions;

    RescissionController(Rescissions rescissions) {
        this.rescissions = rescissions;
    }

    @PostMapping
    @Operation(operationId = "rescind", summary = "Rescind unallocated budget authority", description = "At most what the account has neither allocated nor withheld. 201 created, 200 for a repeat of the same id and content (no event). Publishes AppropriationRescinded. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "409 appropriation-not-enacted", "409 exceeds-unobligated", "409 rescission-exists", "409 accounts-not-recorded"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<RescissionView>> rescind(@PathVariable int fiscalYear,
                                                 @Valid @RequestBody RescissionRequest request) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return rescissions.rescind(fiscalYear, request)
                .map(result -> ResponseEntity.status(result.created() ? 201 : 200).body(result.view()));
    }

    @GetMapping
    @Operation(operationId = "listRescissions", summary = "A year's rescissions")
    @ProblemTypes({"400 invalid-parameter", "422 invalid-request"})
    Flux<RescissionView> list(@PathVariable int fiscalYear) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return rescissions.list(fiscalYear);
    }
}
