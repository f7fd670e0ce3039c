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
 */
@ConfigurationProperties("alliance.disbursements.batch-jobs")
public record BatchJobProperties(Long maxLines, DataSize maxBytes, Integer chunkLines, Integer chunksPerInsert,
                                 Duration lease, Duration pollInterval) {

    public BatchJobProperties {
        maxLines = maxLines == null ? 1_000_000L : maxLines;
        maxBytes = maxBytes == null ? DataSize.ofMegabytes(256) : maxBytes;
        chunkLines = chunkLines == null ? 1000 : chunkLines;
        chunksPerInsert = chunksPerInsert == null ? 8 : chunksPerInsert;
        lease = lease == null ? Duration.ofSeconds(30) : lease;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    }
}
