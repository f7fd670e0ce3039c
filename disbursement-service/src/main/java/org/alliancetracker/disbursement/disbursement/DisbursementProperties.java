package org.alliancetracker.disbursement.disbursement;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Tuning of the write path. None of these values affects correctness (see {@link Disbursements}): they only decide
 * how soon interrupted work is finished and how much work runs at once.
 *
 * @param sweepInterval     how often the sweeper looks for work interrupted by a crash
 * @param sweepShare        the most of its time the sweeper may spend on its queries: after a sweep that took long it
 *                          waits longer than {@code sweepInterval} (where indexes serve them it never does)
 * @param sweepAge          how old a reservation, a {@code PENDING} document or a {@code REVERSING} document must be
 *                          before the sweeper settles it; longer than any request normally takes, so that it does not
 *                          compete with requests still running
 * @param retryWait         how long a request that finds its Idempotency-Key's document young and {@code PENDING}
 *                          (another request with the key is working on it) waits for that request's answer before
 *                          taking the work over itself
 * @param retryPoll         how often such a request looks again
 * @param batchConcurrency  lines of one bulk upload processed at once
 * @param batchMaxLineBytes longest line (CSV record) of a bulk upload; a longer one is answered as a problem, the
 *                          rest of the upload goes on
 * @param batchMaxLines     most lines of one synchronous bulk upload ({@code /api/v1/disbursements/batch}, which reads
 *                          the whole upload before it answers); more is 413, pointing at batch jobs
 * @param batchMaxBytes     most bytes of one synchronous bulk upload
 */
@ConfigurationProperties("alliance.disbursements")
public record DisbursementProperties(Duration sweepInterval, Double sweepShare, Duration sweepAge, Duration retryWait, Duration retryPoll,
                                     Integer batchConcurrency, Integer batchMaxLineBytes,
                                     Integer batchMaxLines, DataSize batchMaxBytes) {

    public DisbursementProperties {
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(5) : sweepInterval;
        sweepShare = sweepShare == null ? 0.05 : sweepShare;
        sweepAge = sweepAge == null ? Duration.ofSeconds(30) : sweepAge;
        retryWait = retryWait == null ? Duration.ofSeconds(3) : retryWait;
        retryPoll = retryPoll == null ? Duration.ofMillis(25) : retryPoll;
        batchConcurrency = batchConcurrency == null ? 32 : batchConcurrency;
        batchMaxLineBytes = batchMaxLineBytes == null ? 16 * 1024 : batchMaxLineBytes;
        batchMaxLines = batchMaxLines == null ? 20_000 : batchMaxLines;
        batchMaxBytes = batchMaxBytes == null ? DataSize.ofMegabytes(8) : batchMaxBytes;
    }
}
