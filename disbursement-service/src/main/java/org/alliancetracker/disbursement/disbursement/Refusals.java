package org.alliancetracker.disbursement.disbursement;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.disbursement.ledger.LedgerStatus;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** The problems a disbursement is refused with by the grant's rules, the same for single posts and batch lines. */
public final class Refusals {

    private Refusals() {
    }

    public static ApiProblem grantNotActive(String grantId, LedgerStatus status) {
        return new ApiProblem(HttpStatus.CONFLICT, "grant-not-active", "Grant not active",
                "Grant " + grantId + " is " + status + " and takes no disbursement").with("grantStatus", status.name());
    }

    public static ApiProblem outsidePeriod(String grantId, LocalDate valueDate, LocalDate start, LocalDate end) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "value-date-outside-grant-period",
                "Value date outside grant period", "valueDate " + valueDate + " is outside the period of " + grantId
                + " (" + start + " to " + end + ")").with("startDate", start.toString()).with("endDate", end.toString());
    }

    public static ApiProblem accountClosed(String grantId, LocalDate closesOn) {
        return new ApiProblem(HttpStatus.CONFLICT, "account-closed", "Account closed",
                "The account grant " + grantId + " is obligated from closed on " + closesOn
                + "; what it had not disbursed was cancelled (31 U.S.C. 1552)").with("closesOn", closesOn.toString());
    }

    public static ApiProblem insufficientObligation(String grantId, BigDecimal left) {
        return new ApiProblem(HttpStatus.CONFLICT, "insufficient-obligation", "Insufficient obligation",
                "Grant " + grantId + " has " + left + " of its obligation left to disburse").with("remaining", left);
    }

    public static ApiProblem concurrentUpdate(String grantId) {
        return new ApiProblem(HttpStatus.CONFLICT, "concurrent-update", "Concurrent update", "The ledger of grant "
                + grantId + " kept changing while the request was processed; retry with the same Idempotency-Key");
    }

    public static ApiProblem keyReused(String key, String disbursementId) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different request").with("idempotencyKey", key)
                .with("disbursementId", disbursementId);
    }

    public static ApiProblem keyInUse(String key) {
        return new ApiProblem(HttpStatus.CONFLICT, "idempotency-key-in-use", "Request in progress",
                "Other requests with this Idempotency-Key are being processed; retry later with the same key")
                .with("idempotencyKey", key);
    }

    /** A reversal of a batch line whose {@code DisbursementRecorded} is not on Kafka yet ({@link ChunkEvents}). */
    public static ApiProblem recordingInProgress(String disbursementId) {
        return new ApiProblem(HttpStatus.CONFLICT, "recording-in-progress", "Recording in progress",
                "Disbursement " + disbursementId + " is still being recorded (its DisbursementRecorded event is not "
                        + "published yet); retry the reversal in a few seconds").with("disbursementId", disbursementId);
    }
}
