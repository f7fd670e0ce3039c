package org.alliancetracker.reporting.pipeline;

import java.time.LocalDate;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.reporting.country.Countries;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Pipeline", description = "Unobligated, unliquidated by age, expiring, expired, cancelled and reprogrammed funds")
class PipelineController {

    private final Pipelines pipelines;

    PipelineController(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    @GetMapping("/api/v1/pipeline")
    @Operation(operationId = "getPipeline", summary = "The Alliance's pipeline", description = "By fiscal year, account, pillar (UNALLOCATED: never allocated), agency and country; as of the end of asOf (default today), as known at knownAt (an instant or a date; default now).")
    @ProblemTypes({"400 invalid-parameter"})
    Mono<PipelineView> alliance(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                LocalDate asOf, @RequestParam(required = false) String knownAt) {
        return pipelines.view(null, asOf, KnownAt.parse(knownAt));
    }

    @GetMapping("/api/v1/countries/{iso2}/pipeline")
    @Operation(operationId = "getCountryPipeline", summary = "A country's pipeline", description = "As /api/v1/pipeline, for the funds allocated to the country.")
    @ProblemTypes({"400 invalid-parameter", "404 not-found"})
    Mono<PipelineView> country(@PathVariable String iso2,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                               LocalDate asOf, @RequestParam(required = false) String knownAt) {
        return pipelines.view(Countries.parse(iso2), asOf, KnownAt.parse(knownAt));
    }

    @GetMapping("/api/v1/pipeline/transactions")
    @Operation(operationId = "listPipelineTransactions", summary = "The events behind a pipeline figure", description = "figure = disbursed, unobligated, unliquidated, unliquidatedUnder1Year, unliquidated1To2Years, unliquidated2To3Years, unliquidated3YearsOrMore, expiringWithin90Days, expiredUnobligated, cancelled, rescinded, reprogrammedOut, reprogrammedIn; optionally for one country, fiscal year, account, pillar, agency; total = the figure.")
    @ProblemTypes({"400 invalid-parameter", "404 not-found", "422 invalid-request"})
    Mono<PipelineTransactions> transactions(@RequestParam(required = false) String country,
                                            @RequestParam(required = false) String figure,
                                            @RequestParam(required = false) Integer fiscalYear,
                                            @RequestParam(required = false) String account,
                                            @RequestParam(required = false) String pillar,
                                            @RequestParam(required = false) String agency,
                                            @RequestParam(required = false)
                                            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                            @RequestParam(required = false) String knownAt) {
        PipelineFigure f = PipelineFigure.ofKey(figure).orElseThrow(() -> ApiProblem.invalidField("figure",
                "must be one of disbursed, unobligated, unliquidated, unliquidatedUnder1Year, unliquidated1To2Years, "
                        + "unliquidated2To3Years, unliquidated3YearsOrMore, expiringWithin90Days, expiredUnobligated, "
                        + "cancelled, rescinded, reprogrammedOut, reprogrammedIn"));
        Country c = country == null ? null : Countries.parse(country);
        return pipelines.transactions(c, f, fiscalYear, account, pillar, agency, asOf, KnownAt.parse(knownAt));
    }
}
