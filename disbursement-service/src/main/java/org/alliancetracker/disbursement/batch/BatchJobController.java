package org.alliancetracker.disbursement.batch;

import java.net.URI;
import java.nio.charset.Charset;

import org.alliancetracker.disbursement.disbursement.IdempotencyKeys;
import org.alliancetracker.disbursement.security.AgencyGate;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Batch jobs: an upload of any size (up to {@code maxLines} / {@code maxBytes}) is stored durably first and answered
 * {@code 202 Accepted}; it is then processed in the background ({@link BatchJobWorker}) to its end, exactly once in
 * effect whatever crashes. Every batch belongs to the agency that posted it; other agencies get 404.
 */
@RestController
@Tag(name = "Batch jobs", description = "Large uploads of disbursements, stored first and processed in the background")
@RequestMapping(BatchJobController.PATH)
class BatchJobController {

    static final String PATH = "/api/v1/disbursement-batches";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final BatchUploads uploads;
    private final BatchJobs jobs;
    private final BatchJobWorker worker;
    private final AgencyGate gate;

    BatchJobController(BatchUploads uploads, BatchJobs jobs, BatchJobWorker worker, AgencyGate gate) {
        this.uploads = uploads;
        this.jobs = jobs;
        this.worker = worker;
        this.gate = gate;
    }

    @PostMapping(consumes = {MediaType.APPLICATION_NDJSON_VALUE, BatchController.CSV})
    @Operation(operationId = "postBatchJob", summary = "Post a batch job (NDJSON or CSV)", description = "The same line formats as "
            + "/api/v1/disbursements/batch. The upload is stored in full before the 202; Location names the batch. "
            + "The Idempotency-Key names the batch: the same key and body are the same batch, another body is 422. "
            + "Needs disbursements:write.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "NDJSON (one disbursement request per line) or CSV (header row first)",
                    content = {@io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_NDJSON_VALUE,
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")),
                            @io.swagger.v3.oas.annotations.media.Content(mediaType = BatchController.CSV,
                                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string"))}))
    @ProblemTypes({"400 idempotency-key-missing", "400 invalid-request", "400 malformed-request",
            "400 invalid-csv-header", "413 payload-too-large", "415 unsupported-media-type", "422 invalid-request",
            "422 idempotency-key-reused"})
    @SecurityRequirement(name = "bearer")
    @Parameter(in = ParameterIn.HEADER, name = IDEMPOTENCY_KEY, required = true,
            description = "The client's key for this batch (1 to 128 visible ASCII characters)",
            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", minLength = 1, maxLength = 128,
                    pattern = "^[\\x21-\\x7E]+$", example = "JUNE-2019"))
    Mono<ResponseEntity<BatchJobView>> post(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return gate.callerAgency().flatMap(agency -> {
            String key = IdempotencyKeys.single(headers.get(IDEMPOTENCY_KEY), IDEMPOTENCY_KEY);
            IdempotencyKeys.check(key, IDEMPOTENCY_KEY);
            MediaType type = headers.getContentType();
            boolean csv = type != null && MediaType.parseMediaType(BatchController.CSV).isCompatibleWith(type);
            Charset charset = type == null ? null : type.getCharset();
            return uploads.receive(agency, key, csv, charset, request.getBody());
        }).map(job -> {
            worker.wake();
            return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(PATH + "/" + job.id()))
                    .body(BatchJobView.of(job));
        });
    }

    @GetMapping
    @Operation(operationId = "listBatchJobs", summary = "The caller agency's batch jobs, newest first (at most 100)")
    @SecurityRequirement(name = "bearer")
    Mono<java.util.List<BatchJobView>> list() {
        return gate.callerAgency().flatMapMany(agency -> jobs.ofAgency(agency, 100)).map(BatchJobView::of)
                .collectList();
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getBatchJob", summary = "One batch job: state, lines, processed, accepted, refused by problem type, times, rate")
    @ProblemTypes({"404 not-found"})
    @SecurityRequirement(name = "bearer")
    Mono<BatchJobView> get(@PathVariable String id) {
        return own(id).map(BatchJobView::of);
    }

    @GetMapping(path = "/{id}/results", produces = MediaType.APPLICATION_NDJSON_VALUE)
    @Operation(operationId = "getBatchJobResults", summary = "The per-line results so far, in input order (NDJSON)", description = "The format of "
            + "/api/v1/disbursements/batch answers. Readable at any time: while processing, the lines processed so far.")
    @ProblemTypes({"404 not-found", "400 invalid-request"})
    @SecurityRequirement(name = "bearer")
    Flux<LineResultView> results(@PathVariable String id, @RequestParam(required = false) String status) {
        if (status != null && !status.equals("refused") && !status.equals("accepted")) {
            return Flux.error(new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                    "status: expected refused or accepted").with("errors",
                    java.util.List.of(new ApiProblem.FieldError("status", "expected refused or accepted"))));
        }
        return own(id).flatMapMany(job -> Flux.range(0, job.chunks())
                .concatMap(seq -> jobs.results(job, seq), 1)
                .takeWhile(chunk -> chunk.results() != null)
                .concatMapIterable(BatchChunk::results)
                .filter(r -> status == null || (status.equals("refused") != r.accepted()))
                .map(LineResultView::of));
    }

    /** The batch, if it is the caller agency's; 404 otherwise (also for another agency's batch). */
    private Mono<BatchJob> own(String id) {
        return gate.callerAgency().flatMap(agency -> jobs.find(id)
                .filter(job -> job.agency().equals(agency))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Batch", id))));
    }
}
