package org.alliancetracker.disbursement.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.alliancetracker.platform.web.ApiProblem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A batch job as {@code GET /api/v1/disbursement-batches/{id}} shows it.
 *
 * @param state     {@code RECEIVED} (stored, waiting), {@code PROCESSING} or {@code COMPLETED}
 * @param lines     lines of the upload (CSV: records after the header)
 * @param processed lines whose result is final (readable at {@code results})
 * @param refused   refused lines by problem type
 * @param rate      lines processed per second since it started (until it finished)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BatchJobView(String id, String idempotencyKey, String format, String state, long lines, long processed,
                    long accepted, Map<String, Long> refused, Instant receivedAt, Instant startedAt,
                    Instant finishedAt, Double rate, String results) {

    static BatchJobView of(BatchJob job) {
        Map<String, Long> refused = new TreeMap<>();
        if (job.refused() != null) {
            job.refused().forEach((slug, count) -> refused.put(ApiProblem.TYPE_PREFIX + slug, count));
        }
        Double rate = null;
        if (job.startedAt() != null) {
            Instant until = job.finishedAt() != null ? job.finishedAt() : Instant.now();
            double seconds = Math.max(0.001, Duration.between(job.startedAt(), until).toMillis() / 1000.0);
            rate = Math.round(job.processed() / seconds * 10) / 10.0;
        }
        return new BatchJobView(job.id(), job.idempotencyKey(), job.format(), job.state(), job.lines(),
                job.processed(), job.accepted(), refused, job.receivedAt(), job.startedAt(), job.finishedAt(), rate,
                BatchJobController.PATH + "/" + job.id() + "/results");
    }
}
