package org.alliancetracker.disbursement.batch;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.alliancetracker.disbursement.batch.BatchChunk.ChunkLine;
import org.alliancetracker.disbursement.disbursement.DisbursementProperties;
import org.alliancetracker.disbursement.disbursement.IdempotencyKeys;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Receives the upload of a batch job: reads it to its end, storing it in chunks of {@code chunkLines} records
 * ({@code insertMany} of {@code chunksPerInsert} chunks at a time, memory bounded by that), then writes the batch
 * document, and only then is the batch accepted. A batch document therefore always has all its lines; chunks of an
 * upload that failed (or of one that lost the race for the key to a concurrent upload) are deleted.
 *
 * <p>Refused as a whole, with nothing stored: an empty upload, an NDJSON upload whose first line is not a JSON
 * object, a CSV upload with an unusable header (400); more than {@code maxLines} lines or {@code maxBytes} bytes
 * (413); the key of an existing batch with another body (422). The same key with the same body is the existing
 * batch. The body is always read to its end, so a client that sends everything before reading gets its answer.
 */
@Component
class BatchUploads {

    private final BatchJobs jobs;
    private final BatchJobProperties properties;
    private final DisbursementProperties lineLimits;

    BatchUploads(BatchJobs jobs, BatchJobProperties properties, DisbursementProperties lineLimits) {
        this.jobs = jobs;
        this.properties = properties;
        this.lineLimits = lineLimits;
    }

    /** The batch of this upload: new, or the existing one for the same key and body. */
    Mono<BatchJob> receive(String agency, String key, boolean csv, Charset charset, Flux<DataBuffer> body) {
        String id = IdempotencyKeys.batchId(agency, key);
        return jobs.find(id).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(existing -> {
                    if (existing.isPresent()) {
                        Upload upload = new Upload(null, csv, charset);
                        return read(upload, body).then(Mono.defer(() -> upload.failure != null
                                ? Mono.error(upload.failure) : sameBody(existing.get(), upload.fingerprint())));
                    }
                    Upload upload = new Upload(UUID.randomUUID().toString(), csv, charset);
                    return read(upload, body).then(Mono.defer(() -> store(agency, key, id, upload)));
                });
    }

    private Mono<BatchJob> store(String agency, String key, String id, Upload upload) {
        if (upload.failure == null && upload.lines == 0) {
            upload.failure = ApiProblem.invalidField("body", "the upload has no lines");
        }
        upload.checkTime();
        if (upload.failure != null) {
            return jobs.deleteChunks(upload.id, upload.stored).then(Mono.error(upload.failure));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        BatchJob job = new BatchJob(id, agency, key, upload.fingerprint(), upload.csv ? BatchJob.CSV : BatchJob.NDJSON,
                upload.id, upload.header, upload.csv ? upload.charset.name() : null, upload.lines, upload.bytes,
                upload.stored, BatchJob.RECEIVED, 0, 0, 0, Map.of(), now, null, null, null, null);
        return jobs.insert(job).flatMap(inserted -> inserted ? jobs.adopt(upload.id).thenReturn(job)
                : jobs.deleteChunks(upload.id, upload.stored) // a concurrent upload with the key won
                        .then(jobs.find(id))
                        .flatMap(winner -> sameBody(winner, job.fingerprint())));
    }

    private static Mono<BatchJob> sameBody(BatchJob existing, String fingerprint) {
        if (existing.fingerprint().equals(fingerprint)) {
            return Mono.just(existing);
        }
        return Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                "Idempotency-Key reused", "This Idempotency-Key was already used for a batch with another body")
                .with("idempotencyKey", existing.idempotencyKey()).with("batchId", existing.id()));
    }

    /** Reads the body to its end into the upload (storing its chunks when the upload has an id). */
    private Mono<Void> read(Upload upload, Flux<DataBuffer> body) {
        Flux<DataBuffer> counted = body.filter(upload::count);
        return LineSplitter.split(counted, upload.csv, lineLimits.batchMaxLineBytes())
                .concatMap(record -> upload.accept(record) ? upload.flush(false) : Mono.empty(), 1)
                .then(Mono.defer(() -> upload.flush(true)));
    }

    /** One upload being read. Not thread-safe: the body's records arrive one at a time. */
    private final class Upload {
        final String id;
        final boolean csv;
        final Charset charset;
        final MessageDigest digest = sha256();
        final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long bytes;
        long lines;
        boolean first = true;
        String header;
        ApiProblem failure;
        List<ChunkLine> current = new ArrayList<>();
        List<BatchChunk> ready = new ArrayList<>();
        int stored;
        int seq;

        Upload(String id, boolean csv, Charset charset) {
            this.id = id;
            this.csv = csv;
            this.charset = charset == null ? StandardCharsets.UTF_8 : charset;
        }

        /** Digests and counts a buffer; past the byte limit it is released unread (false). */
        boolean count(DataBuffer buffer) {
            bytes += buffer.readableByteCount();
            if (bytes > properties.maxBytes().toBytes()) {
                fail(tooLarge());
                DataBufferUtils.release(buffer);
                return false;
            }
            try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
                while (buffers.hasNext()) {
                    ByteBuffer next = buffers.next();
                    digest.update(next.duplicate());
                }
            }
            return true;
        }

        /** Takes one record; true when enough chunks are ready to be written. */
        boolean accept(LineSplitter.Record record) {
            if (failure != null) {
                return false;
            }
            if (first) {
                first = false;
                try {
                    if (csv) {
                        Csv.header(record, charset);
                        header = org.alliancetracker.platform.web.StrictText.decode(record.bytes(), charset, "header");
                        return false;
                    }
                    if (record.bytes() != null && !startsLikeJsonObject(record.bytes())) {
                        throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Not NDJSON",
                                "Line " + record.line() + " is not a JSON object: an NDJSON upload has one JSON "
                                        + "object per line").with("errors",
                                List.of(new ApiProblem.FieldError("body", "not NDJSON")));
                    }
                } catch (ApiProblem problem) {
                    fail(problem);
                    return false;
                }
            }
            if (++lines > properties.maxLines()) {
                fail(tooLarge());
                return false;
            }
            if (id == null) {
                return false; // only the fingerprint is wanted
            }
            current.add(new ChunkLine(record.line(), record.bytes()));
            if (current.size() >= properties.chunkLines()) {
                ready.add(nextChunk());
            }
            return ready.size() >= properties.chunksPerInsert();
        }

        /** The lines read since the last chunk as the next chunk; chunk 0 marks the upload as not yet a batch. */
        private BatchChunk nextChunk() {
            BatchChunk chunk = new BatchChunk(BatchChunk.id(id, seq), seq, current, null, null,
                    seq == 0 ? startedAt : null);
            seq++;
            current = new ArrayList<>();
            return chunk;
        }

        Mono<Void> flush(boolean last) {
            checkTime();
            if (failure != null || id == null) {
                return Mono.empty();
            }
            if (last && !current.isEmpty()) {
                ready.add(nextChunk());
            }
            if (ready.isEmpty()) {
                return Mono.empty();
            }
            List<BatchChunk> batch = ready;
            ready = new ArrayList<>();
            return jobs.insertChunks(batch).doOnSuccess(done -> stored += batch.size());
        }

        /**
         * Refuses an upload that has taken longer than {@code maxUploadTime}: its chunks may be deleted as those of
         * an upload that stopped once they are twice as old ({@link OrphanChunks}), so it must not become a batch.
         */
        void checkTime() {
            Duration taken = Duration.between(startedAt, Instant.now());
            if (id != null && failure == null && taken.compareTo(properties.maxUploadTime()) > 0) {
                fail(new ApiProblem(HttpStatus.REQUEST_TIMEOUT, "upload-too-slow", "Upload too slow",
                        "The upload took longer than " + properties.maxUploadTime() + " to arrive; send it again "
                                + "(with the same Idempotency-Key)").with("maxUploadSeconds",
                        properties.maxUploadTime().toSeconds()));
            }
        }

        void fail(ApiProblem problem) {
            if (failure == null) {
                failure = problem;
                current = new ArrayList<>();
                ready = new ArrayList<>();
            }
        }

        ApiProblem tooLarge() {
            return new UploadLimits(properties.maxLines(), properties.maxBytes().toBytes(),
                    BatchJobController.PATH, null).tooLarge(lines, bytes);
        }

        String fingerprint() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static boolean startsLikeJsonObject(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
