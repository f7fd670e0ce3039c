package org.alliancetracker.grants.grant;

import java.net.URI;

import org.alliancetracker.events.Country;
import org.alliancetracker.grants.budget.FiscalYears;
import org.alliancetracker.grants.grant.GrantChanges.Transition;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
@Tag(name = "Grants", description = "Grants (awards/obligations) and their changes; reads are public, changes need grants:write")
@RequestMapping("/api/v1/grants")
class GrantController {

    private final Grants grants;
    private final GrantChanges changes;

    GrantController(Grants grants, GrantChanges changes) {
        this.grants = grants;
        this.changes = changes;
    }

    @PostMapping
    @Operation(operationId = "awardGrant", summary = "Award a grant", description = "Obligates part of an allocation to an implementing agency; publishes GrantAwarded. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found", "409 exceeds-allocation", "409 grant-exists", "409 funds-expired", "409 concurrent-modification"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<GrantView>> award(@Valid @RequestBody GrantRequest request) {
        return grants.award(request)
                .map(view -> ResponseEntity.created(URI.create("/api/v1/grants/" + view.id())).body(view));
    }

    @PostMapping("/{id}/amendments")
    @Operation(operationId = "amendGrant", summary = "Amend a grant's obligation", description = "The new total obligation (not a difference); same total: no event. Publishes GrantAmended. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found", "409 exceeds-allocation", "409 below-disbursed", "409 grant-closed", "409 funds-expired", "409 concurrent-modification"})
    @SecurityRequirement(name = "bearer")
    Mono<GrantView> amend(@PathVariable String id, @Valid @RequestBody AmendmentRequest request) {
        return changes.amend(id, request);
    }

    @PostMapping("/{id}/suspension")
    @Operation(operationId = "suspendGrant", summary = "Suspend an active grant", description = "Publishes GrantSuspended. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found", "409 invalid-status-transition"})
    @SecurityRequirement(name = "bearer")
    Mono<GrantView> suspend(@PathVariable String id, @Valid @RequestBody StatusChangeRequest request) {
        return changes.transition(id, Transition.SUSPEND, request);
    }

    @PostMapping("/{id}/resumption")
    @Operation(operationId = "resumeGrant", summary = "Resume a suspended grant", description = "Publishes GrantResumed. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found", "409 invalid-status-transition"})
    @SecurityRequirement(name = "bearer")
    Mono<GrantView> resume(@PathVariable String id, @Valid @RequestBody StatusChangeRequest request) {
        return changes.transition(id, Transition.RESUME, request);
    }

    @PostMapping("/{id}/closure")
    @Operation(operationId = "closeGrant", summary = "Close a grant", description = "Publishes GrantClosed. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found", "409 invalid-status-transition"})
    @SecurityRequirement(name = "bearer")
    Mono<GrantView> close(@PathVariable String id, @Valid @RequestBody StatusChangeRequest request) {
        return changes.transition(id, Transition.CLOSE, request);
    }

    @GetMapping
    @Operation(operationId = "listGrants", summary = "List grants", description = "Filtered by country, fiscal year, agency and status; with obligated, disbursed and undisbursed amounts.")
    @ProblemTypes({"400 invalid-parameter", "422 invalid-request"})
    Flux<GrantView> list(@RequestParam(required = false) Country country,
                         @RequestParam(required = false) Integer fiscalYear,
                         @RequestParam(required = false) String agency,
                         @RequestParam(required = false) GrantStatus status) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return grants.list(fiscalYear, country, agency, status);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getGrant", summary = "One grant", description = "With its history of changes.")
    @ProblemTypes({"404 not-found"})
    Mono<GrantView> get(@PathVariable String id) {
        return grants.find(id);
    }
}
