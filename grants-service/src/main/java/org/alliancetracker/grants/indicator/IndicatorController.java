package org.alliancetracker.grants.indicator;

import java.net.URI;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.outcome.IndicatorKind;
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
@Tag(name = "Indicators", description = "Outcome indicators (context or program) with targets and measured actuals")
@RequestMapping("/api/v1/indicators")
class IndicatorController {

    private final Indicators indicators;

    IndicatorController(Indicators indicators) {
        this.indicators = indicators;
    }

    /** 201 when defined now, 200 for a repeat of the same definition. */
    @PostMapping
    @Operation(operationId = "defineIndicator", summary = "Define an indicator", description = "201 when defined, 200 for a repeat of the same definition (no event). Publishes IndicatorDefined. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found", "409 indicator-exists"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<IndicatorView>> define(@Valid @RequestBody IndicatorRequest request) {
        return indicators.define(request).map(result -> result.changed()
                ? ResponseEntity.created(URI.create("/api/v1/indicators/" + result.view().id())).body(result.view())
                : ResponseEntity.ok(result.view()));
    }

    /** 201 when recorded, 200 when it repeats the period's current actual (nothing recorded). */
    @PostMapping("/{id}/measurements")
    @Operation(operationId = "recordMeasurement", summary = "Record a measurement", description = "201 when recorded, 200 when it repeats the period's current actual (no event). Publishes OutcomeMeasured. Needs grants:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<IndicatorView>> measure(@PathVariable String id,
                                                @Valid @RequestBody MeasurementRequest request) {
        return indicators.measure(id, request).map(result -> result.changed()
                ? ResponseEntity.status(201).body(result.view())
                : ResponseEntity.ok(result.view()));
    }

    @GetMapping
    @Operation(operationId = "listIndicators", summary = "List indicators")
    @ProblemTypes({"400 invalid-parameter"})
    Flux<IndicatorView> list(@RequestParam(required = false) Country country,
                             @RequestParam(required = false) IndicatorKind kind,
                             @RequestParam(required = false) String grantId) {
        return indicators.list(country, kind, grantId);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getIndicator", summary = "One indicator", description = "Definition, actuals (latest per period) and history.")
    @ProblemTypes({"404 not-found"})
    Mono<IndicatorView> get(@PathVariable String id) {
        return indicators.find(id);
    }
}
