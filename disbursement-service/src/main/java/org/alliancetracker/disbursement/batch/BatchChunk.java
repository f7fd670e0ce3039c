package org.alliancetracker.disbursement.batch;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

/**
 * Up to {@code chunkLines} lines of a batch, as stored in {@code disbursement_batch_chunks}, and once processed their
 * results, in input order: the unit of durable progress. Written whole by {@code insertMany} while the upload is
 * read; the results are added by one update when the chunk has been applied.
 *
 * @param id              {@code <upload>:<seq>} (six digits, so the ids sort in input order)
 * @param lines           the records, without their line ends
 * @param results         null until the chunk was applied
 * @param uploadStartedAt on chunk 0 only, while its upload has no batch document yet: when the upload began. It is
 *                        removed once the batch document is written ({@link BatchJobs#adopt}); a chunk 0 that still
 *                        has it long after is the start of an upload that never became a batch
 *                        ({@link OrphanChunks})
 */
public record BatchChunk(@BsonId String id, int seq, List<ChunkLine> lines, List<LineResult> results,
                         Instant processedAt, Instant uploadStartedAt) {

    public static final String COLLECTION = "disbursement_batch_chunks";
    static final String ID = "_id";
    static final String LINES = "lines";
    static final String RESULTS = "results";
    static final String PROCESSED_AT = "processedAt";
    static final String UPLOAD_STARTED_AT = "uploadStartedAt";

    static String id(String upload, int seq) {
        return upload + ":" + String.format("%06d", seq);
    }

    /** The upload this chunk belongs to (its id's prefix). */
    String upload() {
        return id.substring(0, id.lastIndexOf(':'));
    }

    /**
     * One record of the upload.
     *
     * @param line  the physical line it starts on (1-based; for CSV the header is line 1)
     * @param bytes the record, or null when it was longer than the limit for one line
     */
    public record ChunkLine(long line, byte[] bytes) {
    }

    /**
     * What a line got: what a single post of it would have been answered.
     *
     * @param id             the disbursement (201)
     * @param remainingCents the grant's remaining obligation right after it (201)
     * @param problemType    the problem's slug (refused)
     * @param problem        the problem as JSON (refused)
     */
    public record LineResult(long line, int status, String id, Long remainingCents, String problemType,
                             String problem) {

        boolean accepted() {
            return status < 300;
        }
    }
}
