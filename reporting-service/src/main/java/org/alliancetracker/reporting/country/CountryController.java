package org.alliancetracker.reporting.country;

import org.alliancetracker.platform.openapi.ProblemTypes;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.reporting.pipeline.KnownAt;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Views", description = "Exact views of where the money stands; public unless reports:read is required")
@RequestMapping("/api/v1/countries")
class CountryController {

    private final CountryViews views;
    private final Clock clock;

    CountryController(CountryViews views, Clock clock) {
        this.views = views;
        this.clock = clock;
    }

    /** All countries (SV, GT, HN), current or as of the end of a day. */
    @GetMapping
    @Operation(operationId = "listCountries", summary = "The three country views (SV, GT, HN)", description = "Optionally as of the end of a date (asOf=YYYY-MM-DD) and as known at an instant (knownAt: only "
            + "events recorded by then count, for the money figures, the grant status counts and the indicators alike).")
    @ProblemTypes({"400 invalid-parameter"})
    Mono<List<CountryView>> all(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                LocalDate asOf, @RequestParam(required = false) String knownAt) {
        List<Country> countries = List.of(Country.values());
        Instant known = KnownAt.parse(knownAt);
        if (known != null) {
            return views.asOf(countries, asOf == null ? LocalDate.now(clock) : asOf, known);
        }
        return asOf == null ? views.current(countries) : views.asOf(countries, asOf);
    }

    @GetMapping("/{iso2}")
    @Operation(operationId = "getCountry", summary = "One country's view", description = "allocated (allocations ± reprogrammings), obligated, disbursed, disbursementRate, byFiscalYear, "
            + "byPillar, byAgency, grants, monthlyDisbursements, indicators, lastEventAt; optionally as of the end of a "
            + "date (asOf) and as known at an instant (knownAt, or a date meaning its end, UTC): only events recorded "
            + "by then count, for the money figures, the grant status counts (status changes recorded by then) and the "
            + "indicators (those defined by then, each period's value as last measured by then; baseline and targets "
            + "are the current definition's). With knownAt and no asOf the view is as of today.")
    @ProblemTypes({"400 invalid-parameter", "404 not-found"})
    Mono<CountryView> one(@PathVariable String iso2,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                          LocalDate asOf, @RequestParam(required = false) String knownAt) {
        Country country = Countries.parse(iso2);
        Instant known = KnownAt.parse(knownAt);
        if (known != null) {
            return views.asOf(List.of(country), asOf == null ? LocalDate.now(clock) : asOf, known)
                    .map(List::getFirst);
        }
        return asOf == null ? views.current(country) : views.asOf(country, asOf);
    }
}
