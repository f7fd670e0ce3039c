package org.alliancetracker.grants.allocation;

import java.net.URI;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.grants.budget.FiscalYears;
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
@Tag(name = "Allocations", description = "Parts of an enacted appropriation assigned to a country and pillar")
@RequestMapping("/api/v1/allocations")
class AllocationController {

    private final Allocations allocations;

    AllocationController(Allocations allocations) {
        this.allocations = allocations;
    }

    @PostMapping
    @Operation(operationId = "allocate", summary = "Allocate to a country and pillar", description = "Within the year's enacted amount minus what is still withheld and already allocated. Publishes AllocationMade. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "409 appropriation-not-enacted", "409 exceeds-available-funds", "409 funds-expired"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<AllocationView>> allocate(@Valid @RequestBody AllocationRequest request) {
        return allocations.allocate(request)
                .map(view -> ResponseEntity.created(URI.create("/api/v1/allocations/" + view.id())).body(view));
    }

    @GetMapping
    @Operation(operationId = "listAllocations", summary = "List allocations", description = "With amount, obligated and remaining.")
    @ProblemTypes({"400 invalid-parameter", "422 invalid-request"})
    Flux<AllocationView> list(@RequestParam(required = false) Integer fiscalYear,
                              @RequestParam(required = false) Country country,
                              @RequestParam(required = false) Pillar pillar) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return allocations.list(fiscalYear, country, pillar);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getAllocation", summary = "One allocation")
    @ProblemTypes({"404 not-found"})
    Mono<AllocationView> get(@PathVariable String id) {
        return allocations.find(id);
    }
}
