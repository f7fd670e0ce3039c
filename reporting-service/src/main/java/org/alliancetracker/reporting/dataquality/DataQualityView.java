package org.alliancetracker.reporting.dataquality;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How fresh and complete each agency's reporting is ({@code GET /api/v1/data-quality}).
 *
 * @param today            the day (UTC) the report was made for: {@code asOf}, else today
 * @param knownAt          the instant the report is as known at (null: everything recorded)
 * @param dormantAfterDays an active grant without a disbursement for this many days is dormant
 * @param deadLetters      events dead-lettered on the topics this service consumes
 */
record DataQualityView(Instant generatedAt, LocalDate today, Instant knownAt, long dormantAfterDays, List<Agency> agencies,
                       DeadLetters deadLetters) {

    /**
     * @param lastPosting         the agency's latest disbursement or reversal, by the time it was recorded
     * @param disbursements       disbursements posted (reversals not counted)
     * @param reversals           reversals and their share of the disbursements (by count and by amount)
     * @param reportingLag        per fiscal quarter of the value date: recorded time − value date, in days
     * @param dormantGrants       active grants with no disbursement (value date) for {@code dormantAfterDays}, counted
     *                            from their last disbursement, or from the obligation if none
     * @param pastEndUndisbursed  grants whose end date has passed with money obligated and not disbursed
     * @param deadLetters         dead-lettered events that name this agency
     */
    record Agency(String agency, LastPosting lastPosting, long disbursements, Reversals reversals,
                  List<Lag> reportingLag, Dormant dormantGrants, PastEnd pastEndUndisbursed, long deadLetters) {
    }

    record LastPosting(Instant recordedAt, LocalDate valueDate, String kind, String grantId, String eventId) {
    }

    /** @param countShare reversals ÷ disbursements; {@code amountShare} amount reversed ÷ amount disbursed; 4 decimals, null without disbursements */
    record Reversals(long count, BigDecimal amount, BigDecimal countShare, BigDecimal amountShare) {
    }

    /** Nearest-rank percentiles, whole days. */
    record Lag(String quarter, long postings, long medianDays, long p90Days) {
    }

    record Dormant(int count, List<DormantGrant> grants) {
    }

    /** @param lastDisbursement null if the grant never had one; {@code since} is then its obligation date */
    record DormantGrant(String grantId, String country, LocalDate lastDisbursement, LocalDate since, long days) {
    }

    record PastEnd(int count, BigDecimal undisbursed, List<PastEndGrant> grants) {
    }

    record PastEndGrant(String grantId, String country, LocalDate endDate, BigDecimal obligated, BigDecimal disbursed,
                        BigDecimal undisbursed) {
    }

    /**
     * @param available    false when the dead-letter topics could not be read (Kafka unreachable): counts are then 0
     * @param total        dead letters on all consumed topics
     * @param unattributed those that name no agency (appropriation and outcome events, unreadable records)
     */
    record DeadLetters(boolean available, long total, long unattributed) {
    }
}
