package org.alliancetracker.disbursement.batch;

import java.time.Instant;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Deletes the chunks of uploads that never became a batch: the service stopped (or lost the database) while it was
 * storing an upload, before the batch document was written, so nothing will ever read them. Run by the
 * {@link BatchJobWorker} every {@code orphanSweepInterval}; a query any MongoDB answers (no TTL index, which the
 * chunks of real batches must outlive, and which the local stack's MongoDB-wire server would ignore anyway).
 *
 * <p>An upload that began before {@code before} and whose chunk 0 still carries {@code uploadStartedAt}:
 * <ul>
 *   <li>has a batch document (the service stopped between writing it and {@link BatchJobs#adopt}): it is adopted
 *       now, nothing is deleted;</li>
 *   <li>has none: all its chunks are deleted. It can no longer become a batch: an upload is refused once it has
 *       taken {@code maxUploadTime}, and {@code before} is twice that long ago ({@link BatchUploads}).</li>
 * </ul>
 */
@Component
class OrphanChunks {

    private static final int UPLOADS_PER_SWEEP = 100;

    private final BatchJobs jobs;

    OrphanChunks(BatchJobs jobs) {
        this.jobs = jobs;
    }

    /** One sweep over uploads begun before {@code before}; emits the number of chunks deleted. */
    Mono<Long> sweep(Instant before) {
        return jobs.unadoptedSince(before, UPLOADS_PER_SWEEP)
                .map(BatchChunk::upload)
                .concatMap(upload -> jobs.hasBatch(upload).flatMap(batch -> batch
                        ? jobs.adopt(upload).thenReturn(0L)
                        : jobs.deleteUpload(upload)))
                .reduce(0L, Long::sum);
    }
}
