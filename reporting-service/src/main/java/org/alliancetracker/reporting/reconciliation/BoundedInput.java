package org.alliancetracker.reporting.reconciliation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read as a stream, refused ({@link TooLarge}) as soon as more than {@code limit} bytes have come:
 * a body sent without a length (chunked) is bounded like one whose {@code Content-Length} says too much.
 */
final class BoundedInput extends FilterInputStream {

    private final long limit;
    private long count;

    BoundedInput(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    /** Reads and discards the rest of the body (up to the limit), so a client that sends it all first gets the answer. */
    void drain() {
        byte[] sink = new byte[8192];
        try {
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        } catch (IOException | RuntimeException e) {
            // the answer is already decided; the body is of no further use
        }
    }

    private void counted(long n) throws TooLarge {
        count += n;
        if (count > limit) {
            throw new TooLarge(limit);
        }
    }

    /** More than the limit was sent. */
    static final class TooLarge extends IOException {
        final long limit;

        TooLarge(long limit) {
            super("more than " + limit + " bytes");
            this.limit = limit;
        }
    }
}
