package org.alliancetracker.disbursement.disbursement;

import java.net.URI;

import org.alliancetracker.disbursement.security.AgencyGate;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Disbursements", description = "Agencies post disbursements against their grants (scope disbursements:write and an agency claim)")
@RequestMapping("/api/v1/disbursements")
class DisbursementController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Disbursements disbursements;
    private final Reversals reversals;
    private final AgencyGate gate;

    DisbursementController(Disbursements disbursements, Reversals reversals, AgencyGate gate) {
        this.disbursements = disbursements;
        this.reversals = reversals;
        this.gate = gate;
    }

    @PostMapping
    @Operation(operationId = "postDisbursement", summary = "Post a disbursement", description = "Needs disbursements:write and the grant must be the caller's agency's. The Idempotency-Key header (exactly one) makes retries safe: the same key and body answer the same 201 and record nothing new. Publishes DisbursementRecorded.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "415 unsupported-media-type", "422 invalid-request", "400 idempotency-key-missing", "400 invalid-request", "404 not-found", "409 grant-not-active", "409 insufficient-obligation", "409 idempotency-key-in-use", "409 concurrent-update", "422 value-date-outside-grant-period", "422 idempotency-key-reused"})
    @SecurityRequirement(name = "bearer")
    @Parameter(in = ParameterIn.HEADER, name = IDEMPOTENCY_KEY, required = true,
            description = "The client's key for this request (1 to 128 visible ASCII characters); retries send the same one",
            schema = @Schema(type = "string", minLength = 1, maxLength = 128, pattern = "^[\\x21-\\x7E]+$",
                    example = "INV-2019-0001"))
    Mono<ResponseEntity<DisbursementView>> record(@Parameter(hidden = true) @RequestHeader HttpHeaders headers,
                                                  @Valid @RequestBody DisbursementRequest request) {
        String idempotencyKey = IdempotencyKeys.single(headers.get(IDEMPOTENCY_KEY), IDEMPOTENCY_KEY);
        IdempotencyKeys.check(idempotencyKey, IDEMPOTENCY_KEY);
        return gate.callerAgency()
                .flatMap(agency -> gate.check(agency, request.grantId())
                        .then(Mono.defer(() -> disbursements.record(agency, idempotencyKey, request))))
                .map(view -> ResponseEntity.created(location(view.id())).body(view));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDisbursement", summary = "One disbursement", description = "The full record: request, state (ACCEPTED, REVERSING, REVERSED), remaining obligation after it, reversal. Any valid token.")
    @ProblemTypes({"404 not-found"})
    @SecurityRequirement(name = "bearer")
    Mono<DisbursementRecord> get(@PathVariable String id) {
        return disbursements.findRecord(id).switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Disbursement", id)));
    }

    /** Reverses the disbursement in full; 409 {@code already-reversed} the second time. */
    @PostMapping("/{id}/reversal")
    @Operation(operationId = "reverseDisbursement", summary = "Reverse a disbursement in full", description = "Corrections are reversals, never edits; possible on suspended and closed grants. Publishes DisbursementReversed. Needs disbursements:write.")
    @ProblemTypes({"400 malformed-request", "413 payload-too-large", "422 invalid-request", "404 not-found", "409 already-reversed", "409 recording-in-progress"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<DisbursementRecord>> reverse(@PathVariable String id,
                                                     @Valid @RequestBody ReversalRequest request) {
        return gate.callerAgency()
                .flatMap(agency -> disbursements.find(id)
                        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Disbursement", id)))
                        .flatMap(doc -> gate.check(agency, doc.grantId())))
                .then(Mono.defer(() -> reversals.reverse(id, request)))
                .map(record -> ResponseEntity.created(location(id)).body(record));
    }

    private static URI location(String id) {
        return URI.create("/api/v1/disbursements/" + id);
    }
}
