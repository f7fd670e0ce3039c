package org.alliancetracker.disbursement.batch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Batch jobs ({@code /api/v1/disbursement-batches}). None of these values affects correctness: a chunk is applied
 * exactly once in effect whoever runs it and however often (see {@link ChunkProcessor}); the lease only keeps two
 * instances from doing the same work at once.
 *
 * @param maxLines      most lines of one batch (413 beyond)
 * @param maxBytes      most bytes of one batch (413 beyond)
 * @param chunkLines    lines per stored chunk: the unit of durable progress and of set-based writes
 * @param chunksPerInsert chunks written by one {@code insertMany} while an upload is stored
 * @param lease         how long a claimed batch stays with its instance without progress before another takes it
 * @param pollInterval  how often an instance looks for batches to process (it is also woken by each upload)
 * @param maxUploadTime longest time an upload may take to be read and stored (refused beyond: 408); the chunks of
 *                      an upload that stopped before its batch was written are deleted once they are twice as old
 *                      ({@link OrphanChunks}), so no upload still being read can lose its chunks
 * @param orphanSweepInterval how often an instance deletes the chunks of uploads that never became a batch
 */
@ConfigurationProperties("alliance.disbursements.batch-jobs")
public record BatchJobProperties(Long maxLines, DataSize maxBytes, Integer chunkLines, Integer chunksPerInsert,
                                 Duration lease, Duration pollInterval, Duration maxUploadTime,
                                 Duration orphanSweepInterval) {

    public BatchJobProperties {
        maxUploadTime = maxUploadTime == null ? Duration.ofHours(1) : maxUploadTime;
        orphanSweepInterval = orphanSweepInterval == null ? Duration.ofMinutes(10) : orphanSweepInterval;
        maxLines = maxLines == null ? 1_000_000L : maxLines;
        maxBytes = maxBytes == null ? DataSize.ofMegabytes(256) : maxBytes;
        chunkLines = chunkLines == null ? 1000 : chunkLines;
        chunksPerInsert = chunksPerInsert == null ? 8 : chunksPerInsert;
        lease = lease == null ? Duration.ofSeconds(30) : lease;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    }

    /** Chunks of an upload without a batch document are deleted once they are older than this. */
    Duration orphanAge() {
        return maxUploadTime.multipliedBy(2);
    }
}
