package org.alliancetracker.disbursement.batch;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import org.alliancetracker.disbursement.disbursement.DisbursementRequest;
import org.alliancetracker.disbursement.disbursement.DisbursementView;
import org.alliancetracker.disbursement.disbursement.Disbursements;
import org.alliancetracker.disbursement.security.AgencyGate;
import org.alliancetracker.disbursement.disbursement.IdempotencyKeys;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.platform.web.ProblemResponses;
import org.alliancetracker.platform.web.StrictText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import jakarta.validation.Validator;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers one line of a bulk upload exactly as {@code POST /api/v1/disbursements} would answer it as a request of its
 * own: the application's strict JSON mapper, the same Bean Validation constraints, the same problems, and the same
 * write path with the same idempotency (the line's {@code idempotencyKey} is the Idempotency-Key). Whatever goes
 * wrong with a line becomes that line's answer; it never fails the upload.
 */
@Component
class BatchLines {

    static final String KEY_FIELD = "idempotencyKey";
    private static final Logger log = LoggerFactory.getLogger(BatchLines.class);

    private final Disbursements disbursements;
    private final JsonMapper json;
    private final Validator validator;
    private final AgencyGate gate;

    BatchLines(Disbursements disbursements, JsonMapper json, Validator validator, AgencyGate gate) {
        this.gate = gate;
        this.disbursements = disbursements;
        this.json = json;
        this.validator = validator;
    }

    /** A JSON line (NDJSON). */
    BatchLine parseJson(byte[] bytes) {
        BatchLine line;
        try {
            // strictly UTF-8 first: Jackson would read an overlong C0 AF as '/'
            line = json.readValue(StrictText.decode(bytes, StandardCharsets.UTF_8, "body"), BatchLine.class);
        } catch (JacksonException e) {
            throw ProblemResponses.fromJackson(e);
        }
        if (line == null) { // the literal null
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                    "body: wrong type, expected an object")
                    .with("errors", List.of(new ApiProblem.FieldError("body", "wrong type, expected an object")));
        }
        return line;
    }

    /** Answers a record the reader could turn into a line (or not: then its problem is the answer). */
    Mono<BatchResult> answer(LineSplitter.Record record, LineReader reader, String agency) {
        if (record.tooLong()) {
            return Mono.just(BatchResult.problem(record.line(), new ApiProblem(HttpStatus.BAD_REQUEST,
                    "malformed-request", "Malformed request", "The line is longer than the limit for one line")));
        }
        return Mono.fromCallable(() -> reader.read(record.bytes()))
                .flatMap(line -> record(line, agency))
                .map(view -> BatchResult.created(record.line(), view))
                .onErrorResume(ApiProblem.class, problem -> Mono.just(BatchResult.problem(record.line(), problem)))
                .onErrorResume(e -> {
                    log.error("Line {} of a bulk upload failed unexpectedly", record.line(), e);
                    return Mono.just(BatchResult.problem(record.line(), new ApiProblem(
                            HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                            "The line could not be completed; it may be sent again with the same idempotencyKey")));
                });
    }

    private Mono<DisbursementView> record(BatchLine line, String agency) {
        DisbursementRequest request;
        try {
            request = validated(line);
        } catch (ApiProblem problem) {
            return Mono.error(problem);
        }
        return gate.check(agency, request.grantId())
                .then(Mono.defer(() -> disbursements.record(agency, line.idempotencyKey(), request)));
    }

    /**
     * The line's request once it passes what a single post checks before the write path (Bean Validation, the
     * Idempotency-Key); throws the {@link ApiProblem} that answers it otherwise.
     */
    DisbursementRequest validated(BatchLine line) {
        DisbursementRequest request = line.request();
        List<ApiProblem.FieldError> errors = validator.validate(request).stream()
                .map(v -> new ApiProblem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(ApiProblem.FieldError::field))
                .toList();
        if (!errors.isEmpty()) {
            throw ProblemResponses.invalid(errors);
        }
        IdempotencyKeys.check(line.idempotencyKey(), KEY_FIELD);
        return request;
    }

    /** Turns the bytes of one record into a line, or throws the {@link ApiProblem} that answers it. */
    @FunctionalInterface
    interface LineReader {
        BatchLine read(byte[] bytes);
    }
}
