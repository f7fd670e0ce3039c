package org.alliancetracker.grants.appropriation;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/appropriations")
@Validated
class AppropriationController {

    static final int FIRST_YEAR = 2015;
    static final int LAST_YEAR = 2030;

    private final Appropriations appropriations;
    private final org.alliancetracker.grants.budget.BudgetYears years;

    AppropriationController(Appropriations appropriations, org.alliancetracker.grants.budget.BudgetYears years) {
        this.appropriations = appropriations;
        this.years = years;
    }

    @PutMapping("/{fiscalYear}")
    Mono<ResponseEntity<AppropriationView>> put(@PathVariable int fiscalYear,
                                                @Valid @RequestBody AppropriationRequest request) {
        checkYear(fiscalYear);
        return appropriations.put(fiscalYear, request)
                .map(result -> result.created()
                        ? ResponseEntity.status(201).body(result.view())
                        : ResponseEntity.ok(result.view()));
    }

    @GetMapping("/{fiscalYear}")
    Mono<AppropriationView> get(@PathVariable int fiscalYear) {
        checkYear(fiscalYear);
        return years.find(fiscalYear)
                .filter(doc -> doc.containsKey("stage"))
                .map(AppropriationView::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Appropriation", "FY" + fiscalYear)));
    }

    static void checkYear(int fiscalYear) {
        if (fiscalYear < FIRST_YEAR || fiscalYear > LAST_YEAR) {
            throw ApiProblem.invalidField("fiscalYear", "must be between " + FIRST_YEAR + " and " + LAST_YEAR);
        }
    }
}
