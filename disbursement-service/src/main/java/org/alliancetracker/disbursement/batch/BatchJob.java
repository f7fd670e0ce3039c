package org.alliancetracker.disbursement.batch;

import java.time.Instant;
import java.util.Map;

import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A batch job as stored in {@code disbursement_batches} (the driver's record codec: component names are the field
 * names; the constants name them for queries and updates). Written once the whole upload is stored in its chunks
 * ({@link BatchChunk}), so a batch document always has all its lines.
 *
 * @param id             {@code b-<sha256(agency, Idempotency-Key)>}: the same key of the same agency is the same batch
 * @param fingerprint    SHA-256 of the upload's bytes (same key, other body → 422)
 * @param upload         the id prefix of its chunks ({@code <upload>:<seq>})
 * @param csvHeader      the header record of a CSV upload (null for NDJSON)
 * @param charset        the charset of a CSV upload
 * @param lines          records of the upload (without the CSV header)
 * @param chunks         chunks of the upload
 * @param nextChunk      the first chunk whose results are not yet counted here
 * @param processed      lines whose result is counted
 * @param refused        refused lines by problem slug
 * @param leaseOwner     the instance processing it
 * @param leaseUntil     until when that instance holds it
 */
public record BatchJob(@BsonId String id, String agency, String idempotencyKey, String fingerprint, String format,
                       String upload, String csvHeader, String charset, long lines, long bytes, int chunks,
                       String state, int nextChunk, long processed, long accepted, Map<String, Long> refused,
                       Instant receivedAt, Instant startedAt, Instant finishedAt, String leaseOwner,
                       Instant leaseUntil) {

    public static final String COLLECTION = "disbursement_batches";
    static final String ID = "_id";
    static final String AGENCY = "agency";
    static final String UPLOAD = "upload";
    static final String STATE = "state";
    static final String NEXT_CHUNK = "nextChunk";
    static final String PROCESSED = "processed";
    static final String ACCEPTED = "accepted";
    static final String REFUSED = "refused";
    static final String RECEIVED_AT = "receivedAt";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_UNTIL = "leaseUntil";

    static final String RECEIVED = "RECEIVED";
    static final String PROCESSING = "PROCESSING";
    static final String COMPLETED = "COMPLETED";
    static final String NDJSON = "NDJSON";
    static final String CSV = "CSV";

    String chunkId(int seq) {
        return BatchChunk.id(upload, seq);
    }

    boolean csv() {
        return CSV.equals(format);
    }
}
