package org.alliancetracker.disbursement.disbursement;

import java.net.URI;

import org.alliancetracker.disbursement.security.AgencyGate;
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

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

@RestController
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
    Mono<ResponseEntity<DisbursementView>> record(@RequestHeader HttpHeaders headers,
                                                  @Valid @RequestBody DisbursementRequest request) {
        String idempotencyKey = IdempotencyKeys.single(headers.get(IDEMPOTENCY_KEY), IDEMPOTENCY_KEY);
        IdempotencyKeys.check(idempotencyKey, IDEMPOTENCY_KEY);
        return gate.callerAgency()
                .flatMap(agency -> gate.check(agency, request.grantId())
                        .then(Mono.defer(() -> disbursements.record(agency, idempotencyKey, request))))
                .map(view -> ResponseEntity.created(location(view.id())).body(view));
    }

    @GetMapping("/{id}")
    Mono<DisbursementRecord> get(@PathVariable String id) {
        return disbursements.findRecord(id).switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Disbursement", id)));
    }

    /** Reverses the disbursement in full; 409 {@code already-reversed} the second time. */
    @PostMapping("/{id}/reversal")
    Mono<ResponseEntity<DisbursementRecord>> reverse(@PathVariable String id,
                                                     @Valid @RequestBody ReversalRequest request) {
        return gate.callerAgency()
                .flatMap(agency -> disbursements.find(id)
                        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Disbursement", id)))
                        .flatMap(doc -> gate.check(agency, doc.getString("grantId"))))
                .then(Mono.defer(() -> reversals.reverse(id, request)))
                .map(record -> ResponseEntity.created(location(id)).body(record));
    }

    private static URI location(String id) {
        return URI.create("/api/v1/disbursements/" + id);
    }
}
