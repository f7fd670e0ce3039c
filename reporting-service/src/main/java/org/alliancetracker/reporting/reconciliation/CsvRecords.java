package org.alliancetracker.reporting.reconciliation;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records read one at a time from a stream: fields separated by commas, a field in double quotes may hold
 * commas, quotes (doubled) and line breaks; records end with CRLF or LF. A record longer than {@code maxChars} is
 * refused, so one endless line cannot exhaust memory.
 */
final class CsvRecords {

    private final Reader in;
    private final int maxChars;
    private long line = 1;
    private long recordLine;
    private int pending = -2; // -2: nothing read ahead

    CsvRecords(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The line the last record returned started on (1 = the first line). */
    long line() {
        return recordLine;
    }

    /** The next record, or null at the end of the input. A blank line is an empty list. */
    List<String> next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int length = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (++length > maxChars) {
                throw FileProblems.invalid(recordLine, null, "the line is longer than " + maxChars + " characters");
            }
            if (quoted) {
                if (c < 0) {
                    throw FileProblems.invalid(recordLine, null, "a quoted field is not closed");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = after;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n' || c < 0) {
                if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        unread(after);
                    }
                }
                if (c >= 0) {
                    line++;
                }
                if (fields.isEmpty() && field.isEmpty() && !wasQuoted) {
                    return List.of();
                }
                fields.add(field.toString());
                return fields;
            } else if (wasQuoted) {
                throw FileProblems.invalid(recordLine, "column " + (fields.size() + 1),
                        "text after the closing quote of a field");
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pending = c;
    }
}
