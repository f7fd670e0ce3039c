package org.alliancetracker.grants.appropriation;

import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.grants.budget.FiscalYears;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/appropriations")
class AppropriationController {

    private final Appropriations appropriations;
    private final BudgetYears years;

    AppropriationController(Appropriations appropriations, BudgetYears years) {
        this.appropriations = appropriations;
        this.years = years;
    }

    @PutMapping("/{fiscalYear}")
    Mono<ResponseEntity<AppropriationView>> put(@PathVariable int fiscalYear,
                                                @Valid @RequestBody AppropriationRequest request) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return appropriations.put(fiscalYear, request)
                .map(result -> result.created()
                        ? ResponseEntity.status(201).body(result.view())
                        : ResponseEntity.ok(result.view()));
    }

    @PostMapping("/{fiscalYear}/certifications")
    Mono<AppropriationView> certify(@PathVariable int fiscalYear, @Valid @RequestBody CertificationRequest request) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return appropriations.certify(fiscalYear, request);
    }

    @GetMapping
    Flux<AppropriationView> list() {
        return years.all().filter(doc -> doc.containsKey("stage")).map(AppropriationView::of);
    }

    @GetMapping("/{fiscalYear}")
    Mono<AppropriationView> get(@PathVariable int fiscalYear) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return years.find(fiscalYear)
                .filter(doc -> doc.containsKey("stage"))
                .map(AppropriationView::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Appropriation", "FY" + fiscalYear)));
    }
}
