package org.alliancetracker.disbursement.disbursement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import org.alliancetracker.platform.money.Money;

/**
 * The disbursement id is derived from the agency's Idempotency-Key (so every retry of a request names the same
 * disbursement), and a fingerprint of the body tells a retry from a reuse of the key for something else.
 */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static String disbursementId(String scope, String idempotencyKey) {
        return "d-" + sha256(scope + "\n" + idempotencyKey).substring(0, 32);
    }

    static String fingerprint(DisbursementRequest request) {
        return sha256(String.join("\n", request.grantId(), Money.normalize(request.amount()).toPlainString(),
                request.currency(), request.valueDate().toString(), Objects.toString(request.reference(), ""),
                Objects.toString(request.description(), "")));
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
