package org.alliancetracker.disbursement.disbursement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * The disbursement id is derived from the agency's Idempotency-Key (so every retry of a request names the same
 * disbursement), and a fingerprint of the body tells a retry from a reuse of the key for something else.
 */
public final class IdempotencyKeys {

    /**
     * All keys share one scope: a line of a bulk upload and a single post with the same key are the same request, so
     * an agency may retry a failed line either way. (A scope per agency would come with authentication.)
     */
    public static final String DEFAULT_SCOPE = "";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private IdempotencyKeys() {
    }

    /**
     * The one key a request carries. Two {@code Idempotency-Key} header lines are refused rather than joined: the
     * framework would join them into {@code "a,b"}, a key neither of them meant, and the request would be recorded
     * under it.
     *
     * @throws ApiProblem 400 naming {@code field} if there is more than one
     */
    public static String single(List<String> values, String field) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid Idempotency-Key",
                    "Exactly one Idempotency-Key is allowed; the request carries " + values.size())
                    .with("errors", List.of(new ApiProblem.FieldError(field, "only one allowed")));
        }
        return values.getFirst();
    }

    /** @throws ApiProblem 400 naming {@code field} if the key is missing or not 1 to 128 visible ASCII characters */
    public static void check(String key, String field) {
        if (key == null || key.isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "idempotency-key-missing", "Idempotency-Key required",
                    "An Idempotency-Key is required, so that a retried request is never counted twice")
                    .with("errors", List.of(new ApiProblem.FieldError(field, "required")));
        }
        if (!KEY.matcher(key).matches()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid Idempotency-Key",
                    "The Idempotency-Key must be 1 to 128 visible ASCII characters")
                    .with("errors", List.of(new ApiProblem.FieldError(field, "invalid")));
        }
    }

    public static String disbursementId(String scope, String idempotencyKey) {
        return "d-" + sha256(scope + "\n" + idempotencyKey).substring(0, 32);
    }

    /** A batch job's id: the same Idempotency-Key of the same agency names the same batch. */
    public static String batchId(String agency, String idempotencyKey) {
        return "b-" + sha256(agency + "\n" + idempotencyKey).substring(0, 32);
    }

    /** Equal for requests that mean the same (amounts compared to the cent); each field length-prefixed. */
    public static String fingerprint(DisbursementRequest request) {
        StringBuilder text = new StringBuilder();
        for (String field : new String[] {request.grantId(), Money.normalize(request.amount()).toPlainString(),
                request.currency(), request.valueDate().toString(), request.reference(), request.description()}) {
            text.append(field == null ? "-" : field.length() + ":" + field).append('\n');
        }
        return sha256(text.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
