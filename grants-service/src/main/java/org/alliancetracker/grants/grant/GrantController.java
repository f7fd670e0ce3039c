package org.alliancetracker.grants.grant;

import java.net.URI;

import org.alliancetracker.events.Country;
import org.alliancetracker.grants.budget.FiscalYears;
import org.alliancetracker.grants.grant.GrantChanges.Transition;
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
@RequestMapping("/api/v1/grants")
class GrantController {

    private final Grants grants;
    private final GrantChanges changes;

    GrantController(Grants grants, GrantChanges changes) {
        this.grants = grants;
        this.changes = changes;
    }

    @PostMapping
    Mono<ResponseEntity<GrantView>> award(@Valid @RequestBody GrantRequest request) {
        return grants.award(request)
                .map(view -> ResponseEntity.created(URI.create("/api/v1/grants/" + view.id())).body(view));
    }

    @PostMapping("/{id}/amendments")
    Mono<GrantView> amend(@PathVariable String id, @Valid @RequestBody AmendmentRequest request) {
        return changes.amend(id, request);
    }

    @PostMapping("/{id}/suspension")
    Mono<GrantView> suspend(@PathVariable String id, @Valid @RequestBody StatusChangeRequest request) {
        return changes.transition(id, Transition.SUSPEND, request);
    }

    @PostMapping("/{id}/resumption")
    Mono<GrantView> resume(@PathVariable String id, @Valid @RequestBody StatusChangeRequest request) {
        return changes.transition(id, Transition.RESUME, request);
    }

    @PostMapping("/{id}/closure")
    Mono<GrantView> close(@PathVariable String id, @Valid @RequestBody StatusChangeRequest request) {
        return changes.transition(id, Transition.CLOSE, request);
    }

    @GetMapping
    Flux<GrantView> list(@RequestParam(required = false) Country country,
                         @RequestParam(required = false) Integer fiscalYear,
                         @RequestParam(required = false) String agency,
                         @RequestParam(required = false) GrantStatus status) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return grants.list(fiscalYear, country, agency, status);
    }

    @GetMapping("/{id}")
    Mono<GrantView> get(@PathVariable String id) {
        return grants.find(id);
    }
}
