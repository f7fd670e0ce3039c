package org.alliancetracker.grants.allocation;

import java.net.URI;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.grants.budget.FiscalYears;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/allocations")
class AllocationController {

    private final Allocations allocations;

    AllocationController(Allocations allocations) {
        this.allocations = allocations;
    }

    @PostMapping
    Mono<ResponseEntity<AllocationView>> allocate(@Valid @RequestBody AllocationRequest request) {
        return allocations.allocate(request)
                .map(view -> ResponseEntity.created(URI.create("/api/v1/allocations/" + view.id())).body(view));
    }

    @GetMapping
    Flux<AllocationView> list(@RequestParam(required = false) Integer fiscalYear,
                              @RequestParam(required = false) Country country,
                              @RequestParam(required = false) Pillar pillar) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return allocations.list(fiscalYear, country, pillar);
    }

    @GetMapping("/{id}")
    Mono<AllocationView> get(@PathVariable String id) {
        return allocations.find(id);
    }
}
