package org.alliancetracker.disbursement.bench;

import java.math.BigDecimal;
import java.net.URI;
import java.util.UUID;

import org.alliancetracker.disbursement.disbursement.DisbursementRequest;
import org.alliancetracker.disbursement.disbursement.DisbursementView;
import org.alliancetracker.disbursement.disbursement.IdempotencyKeys;
import org.alliancetracker.disbursement.security.AgencyGate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

/**
 * The baseline of the single-POST benchmark (P1). It lives in the bench module, not in disbursement-service: the bench
 * starts disbursement-service with its own classpath, where the service's component scan finds this class, and sets
 * {@code alliance.bench.noop-endpoint=true}. {@code POST /api/v1/bench/noop-disbursements}
 * takes the same request as {@code POST /api/v1/disbursements} through the same machinery (Netty, the same token
 * checks and scope, the caller's agency claim, strict JSON decoding, Bean Validation, the Idempotency-Key check) and
 * answers 201 with a body of the same shape, but stores and publishes nothing. The ratio of the two rates is the cost
 * of the write path itself.
 */
@RestController
@ConditionalOnProperty(name = NoopDisbursementController.ENABLED, havingValue = "true")
class NoopDisbursementController {

    static final String ENABLED = "alliance.bench.noop-endpoint";
    static final String PATH = "/api/v1/bench/noop-disbursements";

    private static final BigDecimal REMAINING = new BigDecimal("1000000.00");

    private final AgencyGate gate;

    NoopDisbursementController(AgencyGate gate) {
        this.gate = gate;
    }

    @PostMapping(PATH)
    Mono<ResponseEntity<DisbursementView>> record(
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Valid @RequestBody DisbursementRequest request) {
        IdempotencyKeys.check(idempotencyKey, "Idempotency-Key");
        return gate.callerAgency().map(agency -> {
            String id = "d-" + UUID.randomUUID();
            return ResponseEntity.created(URI.create("/api/v1/disbursements/" + id)).body(new DisbursementView(id,
                    request.grantId(), request.amount(), request.valueDate(), REMAINING));
        });
    }
}
