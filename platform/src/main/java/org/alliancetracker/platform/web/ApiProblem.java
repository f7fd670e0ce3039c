package org.alliancetracker.platform.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request that breaks a rule, answered as {@code application/problem+json} (RFC 9457). The type is
 * {@code /problems/<slug>}, so clients can tell rules apart; extra properties carry what the client needs to act
 * (e.g. the amount still available).
 */
public class ApiProblem extends RuntimeException {

    public static final String TYPE_PREFIX = "/problems/";

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static ApiProblem notFound(String what, String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", what + " not found",
                what + " '" + id + "' does not exist").with("resource", what).with("id", id);
    }

    /** A value that is well-formed but not allowed; {@code field} names it for the client. */
    public static ApiProblem invalidField(String field, String message) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", "Invalid request",
                field + ": " + message).with("errors", java.util.List.of(new FieldError(field, message)));
    }

    public ApiProblem with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** One offending field of a request. */
    public record FieldError(String field, String message) {
    }
}
