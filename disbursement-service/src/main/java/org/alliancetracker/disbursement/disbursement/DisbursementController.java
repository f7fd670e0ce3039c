package org.alliancetracker.disbursement.disbursement;

import java.net.URI;

import org.alliancetracker.platform.web.ApiProblem;
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

    DisbursementController(Disbursements disbursements, Reversals reversals) {
        this.disbursements = disbursements;
        this.reversals = reversals;
    }

    @PostMapping
    Mono<ResponseEntity<DisbursementView>> record(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Valid @RequestBody DisbursementRequest request) {
        IdempotencyKeys.check(idempotencyKey, IDEMPOTENCY_KEY);
        return disbursements.record(IdempotencyKeys.DEFAULT_SCOPE, idempotencyKey, request)
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
        return reversals.reverse(id, request)
                .map(record -> ResponseEntity.created(location(id)).body(record));
    }

    private static URI location(String id) {
        return URI.create("/api/v1/disbursements/" + id);
    }
}
