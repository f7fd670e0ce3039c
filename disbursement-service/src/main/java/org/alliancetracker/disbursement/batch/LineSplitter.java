package org.alliancetracker.disbursement.batch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import reactor.core.publisher.Flux;

/**
 * Cuts a streamed body into records as the buffers arrive, holding at most one record in memory: NDJSON lines, or
 * CSV records (a line break inside a quoted field belongs to the field, RFC 4180). Line ends are {@code \n} or
 * {@code \r\n}; a UTF-8 byte order mark at the start is dropped; blank records are skipped. A record longer than the
 * limit is not kept: it is reported as {@link Record#tooLong()} and the splitter goes on after the next line break.
 * Not thread-safe: one instance per body.
 */
final class LineSplitter {

    /**
     * @param line    the number of the physical line the record starts on (1-based), as an editor shows it
     * @param bytes   the record without its line end ({@code null} if too long)
     */
    record Record(long line, byte[] bytes, boolean tooLong) {
    }

    private final boolean csv;
    private final int maxBytes;
    private byte[] current = new byte[256];
    private int length;
    private boolean inQuotes;
    private boolean tooLong;
    private long physicalLine = 1;
    private long startLine = 1;
    private boolean atStart = true;
    private int bomMatched;

    private LineSplitter(boolean csv, int maxBytes) {
        this.csv = csv;
        this.maxBytes = maxBytes;
    }

    /** The records of the body, releasing each buffer once read. */
    static Flux<Record> split(Flux<DataBuffer> body, boolean csv, int maxBytes) {
        return Flux.defer(() -> {
            LineSplitter splitter = new LineSplitter(csv, maxBytes);
            return body.concatMapIterable(splitter::feed)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(splitter.finish())));
        });
    }

    List<Record> feed(DataBuffer buffer) {
        List<Record> records = new ArrayList<>();
        try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
            while (chunks.hasNext()) {
                ByteBuffer chunk = chunks.next();
                for (int i = chunk.position(), end = chunk.limit(); i < end; i++) {
                    accept(chunk.get(i), records);
                }
            }
        } finally {
            DataBufferUtils.release(buffer);
        }
        return records;
    }

    List<Record> finish() {
        List<Record> records = new ArrayList<>(1);
        endRecord(records);
        return records;
    }

    private void accept(byte b, List<Record> records) {
        if (atStart && skipByteOrderMark(b)) {
            return;
        }
        if (b == '\n') {
            physicalLine++;
            if (!inQuotes || tooLong) {
                endRecord(records);
                startLine = physicalLine;
                return;
            }
        } else if (csv && b == '"') {
            inQuotes = !inQuotes; // "" inside a quoted field toggles twice: still inside
        }
        if (tooLong) {
            return;
        }
        if (length == maxBytes) {
            tooLong = true;
            return;
        }
        if (length == current.length) {
            current = Arrays.copyOf(current, Math.min(maxBytes, current.length * 2));
        }
        current[length++] = b;
    }

    /** Drops EF BB BF at the very start of the body; any other start is kept. */
    private boolean skipByteOrderMark(byte b) {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        if (b == bom[bomMatched]) {
            if (++bomMatched == bom.length) {
                atStart = false;
            }
            return true;
        }
        atStart = false;
        for (int i = 0; i < bomMatched; i++) { // a false start: those bytes were data
            current[length++] = bom[i];
        }
        return false;
    }

    private void endRecord(List<Record> records) {
        if (tooLong) {
            records.add(new Record(startLine, null, true));
        } else {
            int end = length;
            if (end > 0 && current[end - 1] == '\r') {
                end--;
            }
            if (!blank(end)) {
                records.add(new Record(startLine, Arrays.copyOf(current, end), false));
            }
        }
        length = 0;
        tooLong = false;
        inQuotes = false;
        if (current.length > 4096) {
            current = new byte[256]; // do not keep one long record's buffer for the rest of the body
        }
    }

    private boolean blank(int end) {
        for (int i = 0; i < end; i++) {
            byte b = current[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
