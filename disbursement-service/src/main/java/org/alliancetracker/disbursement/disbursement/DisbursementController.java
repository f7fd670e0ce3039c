package org.alliancetracker.disbursement.disbursement;

import java.net.URI;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;
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
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final Disbursements disbursements;

    DisbursementController(Disbursements disbursements) {
        this.disbursements = disbursements;
    }

    @PostMapping
    Mono<ResponseEntity<DisbursementView>> record(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Valid @RequestBody DisbursementRequest request) {
        checkKey(idempotencyKey);
        return disbursements.record("", idempotencyKey, request)
                .map(view -> ResponseEntity.created(URI.create("/api/v1/disbursements/" + view.id())).body(view));
    }

    @GetMapping("/{id}")
    Mono<DisbursementView> get(@PathVariable String id) {
        return disbursements.findAccepted(id).switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Disbursement", id)));
    }

    static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "idempotency-key-missing", "Idempotency-Key required",
                    "The Idempotency-Key header is required, so that a retried request is never counted twice")
                    .with("errors", java.util.List.of(new ApiProblem.FieldError(IDEMPOTENCY_KEY, "required")));
        }
        if (!KEY.matcher(key).matches()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid Idempotency-Key",
                    "Idempotency-Key must be 1 to 128 visible ASCII characters")
                    .with("errors", java.util.List.of(new ApiProblem.FieldError(IDEMPOTENCY_KEY, "invalid")));
        }
    }
}
