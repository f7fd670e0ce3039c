package org.alliancetracker.platform.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of a request into {@code application/problem+json} naming the field or rule, never a stack
 * trace or an internal class name. Bodies that cannot be read (bad JSON, wrong types, unknown fields) are 400;
 * well-formed values that break a rule are 422 unless the rule says otherwise.
 *
 * <p>First in order: Boot's own {@code ProblemDetailsExceptionHandler} ({@code @Order(0)}) is still created, since its
 * {@code @ConditionalOnMissingBean} is evaluated before this auto-configuration registers us, and would otherwise
 * answer bind and body errors with a generic 400 that names no field.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ApiProblem.class)
    public ResponseEntity<ProblemDetail> onApiProblem(ApiProblem problem) {
        return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> onUnexpected(Exception e, ServerWebExchange exchange) {
        log.error("Unexpected failure of {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request could not be completed; it may be retried with the same Idempotency-Key.");
        problem.setType(URI.create(ApiProblem.TYPE_PREFIX + "internal-error"));
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ApiProblem problem = invalid(ex.getFieldErrors().stream()
                .map(e -> new ApiProblem.FieldError(e.getField(), e.getDefaultMessage()))
                .toList());
        return Mono.just(ResponseEntity.status(problem.status()).body(problem.toProblemDetail()));
    }

    /**
     * The 422 {@code invalid-request} problem for values that break Bean Validation constraints, fields sorted by
     * name; public so that input read outside a controller (e.g. the lines of a bulk upload) is answered alike.
     */
    public static ApiProblem invalid(List<ApiProblem.FieldError> fieldErrors) {
        List<ApiProblem.FieldError> errors = fieldErrors.stream()
                .sorted(Comparator.comparing(ApiProblem.FieldError::field))
                .toList();
        String detail = String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", "Invalid request", detail)
                .with("errors", errors);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ApiProblem problem = unreadable(ex);
        return Mono.just(ResponseEntity.status(problem.status()).body(problem.toProblemDetail()));
    }

    /**
     * The framework's own refusals (415 unsupported media type, 405, 406, a body over the in-memory limit, …) carry no
     * problem type of their own ({@code about:blank}): give them {@code /problems/<slug>} like every other answer, so
     * that a client can tell every refusal apart by its type.
     */
    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                              ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(ApiProblem.TYPE_PREFIX + slug(status)));
            if (problem.getDetail() == null && status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
                problem.setDetail("The request body exceeds the limit of this endpoint");
            }
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }

    /** {@code payload-too-large}, {@code unsupported-media-type}, …: the slugs the platform uses for these statuses. */
    static String slug(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "malformed-request";
            case 413 -> "payload-too-large";
            default -> {
                HttpStatus known = HttpStatus.resolve(status.value());
                yield known == null ? "http-" + status.value()
                        : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            }
        };
    }

    /** Why a request (body, parameter or header) could not be read, naming the field where Jackson knows it. */
    static ApiProblem unreadable(ServerWebInputException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataBufferLimitException) {
                return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
                        "The request body exceeds the limit of this endpoint");
            }
            if (cause instanceof JsonRequestBodies.InvalidUtf8) {
                return new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                        "body: not valid UTF-8")
                        .with("errors", List.of(new ApiProblem.FieldError("body", "not valid UTF-8")));
            }
            if (cause instanceof StreamConstraintsException constraints) {
                return new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                        "The JSON document exceeds a processing limit: " + constraints.getOriginalMessage());
            }
            if (cause instanceof JacksonException jackson) {
                return fromJackson(jackson);
            }
        }
        if (ex.getMethodParameter() != null && ex.getMethodParameter().getParameterName() != null
                && !ex.getMethodParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)) {
            String name = ex.getMethodParameter().getParameterName();
            return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                    name + ": " + (ex.getReason() == null ? "invalid value" : ex.getReason()))
                    .with("errors", List.of(new ApiProblem.FieldError(name, "invalid value")));
        }
        String reason = ex.getReason() == null ? "The request could not be read" : ex.getReason();
        return new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", reason);
    }

    /**
     * The 400 {@code malformed-request} problem for JSON that Jackson could not read, naming the field where it knows
     * it; public so that JSON read outside a controller (e.g. the lines of a bulk upload) is answered alike.
     */
    public static ApiProblem fromJackson(JacksonException e) {
        String field = fieldPath(e);
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "unknown field";
        } else if (e instanceof InvalidNullException) {
            message = "must not be null";
        } else if (e instanceof InvalidFormatException invalid) {
            message = "invalid value" + (invalid.getTargetType() == null ? ""
                    : ", expected " + describe(invalid.getTargetType()));
        } else if (e instanceof MismatchedInputException mismatched) {
            message = "wrong type" + (mismatched.getTargetType() == null ? ""
                    : ", expected " + describe(mismatched.getTargetType()));
        } else {
            field = field.isEmpty() ? "body" : field;
            message = "not valid JSON";
        }
        if (field.isEmpty()) {
            field = "body";
        }
        return new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", field + ": " + message)
                .with("errors", List.of(new ApiProblem.FieldError(field, message)));
    }

    static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 date (YYYY-MM-DD)";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
