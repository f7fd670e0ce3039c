package org.alliancetracker.disbursement.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a whole upload before anything is answered, so that a client which sends its whole body before reading
 * (Java's {@code HttpClient}, Python's {@code urllib} and {@code requests}) never waits on the service while the
 * service waits on it. Memory stays bounded: past the limits the rest of the body is still read (so that the client
 * gets to read the 413) but released at once, never kept.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /**
     * The records of the body, all of them, once it has been read to its end; a 413 problem if it has more than
     * {@code limits} allow (for CSV, {@code headerLines} records more: the header).
     */
    static Mono<List<LineSplitter.Record>> read(Flux<DataBuffer> body, boolean csv, int maxLineBytes,
                                               UploadLimits limits, int headerLines) {
        AtomicLong bytes = new AtomicLong();
        AtomicLong records = new AtomicLong();
        Flux<DataBuffer> bounded = body.filter(buffer -> {
            if (bytes.addAndGet(buffer.readableByteCount()) > limits.maxBytes()) {
                DataBufferUtils.release(buffer); // over the limit: read on to the end, keep nothing
                return false;
            }
            return true;
        });
        long keep = limits.maxLines() + headerLines;
        return LineSplitter.split(bounded, csv, maxLineBytes)
                .filter(record -> records.incrementAndGet() <= keep)
                .collect(ArrayList<LineSplitter.Record>::new, List::add)
                .flatMap(all -> bytes.get() > limits.maxBytes() || records.get() > keep
                        ? Mono.error(limits.tooLarge(Math.max(0, records.get() - headerLines), bytes.get()))
                        : Mono.just(all));
    }
}
