package org.alliancetracker.reporting.reconciliation;

import java.util.List;

import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * The problems of a file that cannot be reconciled: 422 {@code invalid-file} naming the line and the element (XML) or
 * column (CSV), and 413 {@code payload-too-large}. Nothing is stored for a refused file.
 */
final class FileProblems {

    static final String INVALID_FILE = "invalid-file";

    private FileProblems() {
    }

    /** @param where the element path ({@code iati-activity/transaction/value}) or CSV column; may be null */
    static ApiProblem invalid(long line, String where, String message) {
        String field = "line " + line + (where == null ? "" : ": " + where);
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, INVALID_FILE, "File cannot be reconciled",
                field + ": " + message)
                .with("line", line)
                .with("element", where)
                .with("errors", List.of(new ApiProblem.FieldError(field, message)));
    }

    static ApiProblem tooLarge(long limit) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
                "The file exceeds the limit of " + limit + " bytes for a reconciliation");
    }
}
