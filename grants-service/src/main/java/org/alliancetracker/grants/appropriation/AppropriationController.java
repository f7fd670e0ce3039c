package org.alliancetracker.grants.appropriation;

import org.alliancetracker.grants.budget.BudgetYear;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.grants.budget.FiscalYears;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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
@Tag(name = "Appropriations", description = "One appropriation per U.S. fiscal year, with its withholdings")
@RequestMapping("/api/v1/appropriations")
class AppropriationController {

    private final Appropriations appropriations;
    private final BudgetYears years;
    private final AppropriationViews views;

    AppropriationController(Appropriations appropriations, BudgetYears years, AppropriationViews views) {
        this.appropriations = appropriations;
        this.years = years;
        this.views = views;
    }

    @PutMapping("/{fiscalYear}")
    @Operation(operationId = "putAppropriation", summary = "Record or restate a fiscal year's appropriation", description = "201 when created, 200 when changed or the same (no event). Publishes AppropriationRequested or AppropriationEnacted. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "409 stage-regression", "409 withholding-already-released", "409 exceeds-available-funds", "409 account-in-use", "409 concurrent-modification"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<AppropriationView>> put(@PathVariable int fiscalYear,
                                                @Valid @RequestBody AppropriationRequest request) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return appropriations.put(fiscalYear, request)
                .map(result -> result.created()
                        ? ResponseEntity.status(201).body(result.view())
                        : ResponseEntity.ok(result.view()));
    }

    @PostMapping("/{fiscalYear}/certifications")
    @Operation(operationId = "certifyWithholding", summary = "Certify a withholding's condition", description = "Releases the withheld share. Publishes WithholdingReleased. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found", "409 withholding-already-released", "409 concurrent-modification"})
    @SecurityRequirement(name = "bearer")
    Mono<AppropriationView> certify(@PathVariable int fiscalYear, @Valid @RequestBody CertificationRequest request) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return appropriations.certify(fiscalYear, request);
    }

    @GetMapping
    @Operation(operationId = "listAppropriations", summary = "List appropriations", description = "Stage, requested, enacted, withheld, released, allocated and available per fiscal year.")
    Flux<AppropriationView> list() {
        return years.all().filter(doc -> doc.containsKey(BudgetYear.STAGE)).map(views::of);
    }

    @GetMapping("/{fiscalYear}")
    @Operation(operationId = "getAppropriation", summary = "One fiscal year's appropriation")
    @ProblemTypes({"404 not-found", "400 invalid-parameter", "422 invalid-request"})
    Mono<AppropriationView> get(@PathVariable int fiscalYear) {
        FiscalYears.check("fiscalYear", fiscalYear);
        return years.find(fiscalYear)
                .filter(doc -> doc.containsKey(BudgetYear.STAGE))
                .map(views::of)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Appropriation", "FY" + fiscalYear)));
    }
}
