package org.alliancetracker.grants.indicator;

import java.net.URI;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.outcome.IndicatorKind;
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
@RequestMapping("/api/v1/indicators")
class IndicatorController {

    private final Indicators indicators;

    IndicatorController(Indicators indicators) {
        this.indicators = indicators;
    }

    /** 201 when defined now, 200 for a repeat of the same definition. */
    @PostMapping
    Mono<ResponseEntity<IndicatorView>> define(@Valid @RequestBody IndicatorRequest request) {
        return indicators.define(request).map(result -> result.changed()
                ? ResponseEntity.created(URI.create("/api/v1/indicators/" + result.view().id())).body(result.view())
                : ResponseEntity.ok(result.view()));
    }

    /** 201 when recorded, 200 when it repeats the period's current actual (nothing recorded). */
    @PostMapping("/{id}/measurements")
    Mono<ResponseEntity<IndicatorView>> measure(@PathVariable String id,
                                                @Valid @RequestBody MeasurementRequest request) {
        return indicators.measure(id, request).map(result -> result.changed()
                ? ResponseEntity.status(201).body(result.view())
                : ResponseEntity.ok(result.view()));
    }

    @GetMapping
    Flux<IndicatorView> list(@RequestParam(required = false) Country country,
                             @RequestParam(required = false) IndicatorKind kind,
                             @RequestParam(required = false) String grantId) {
        return indicators.list(country, kind, grantId);
    }

    @GetMapping("/{id}")
    Mono<IndicatorView> get(@PathVariable String id) {
        return indicators.find(id);
    }
}
