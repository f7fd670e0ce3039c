package org.alliancetracker.disbursement.batch;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.alliancetracker.disbursement.disbursement.DisbursementView;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.ProblemDetail;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the NDJSON answer to a bulk upload: {@code {"line":n,"status":201,"id":…,"remainingObligation":…}}
 * or {@code {"line":n,"status":4xx,"problem":{…}}} with the same problem a single post would have got.
 *
 * @param line the line of the upload the record starts on (for CSV the header is line 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BatchResult(long line, int status, String id, BigDecimal remainingObligation, Map<String, Object> problem) {

    static BatchResult created(long line, DisbursementView view) {
        return new BatchResult(line, 201, view.id(), view.remainingObligation(), null);
    }

    static BatchResult problem(long line, ApiProblem problem) {
        ProblemDetail detail = problem.toProblemDetail();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(detail.getType()));
        body.put("title", detail.getTitle());
        body.put("status", detail.getStatus());
        body.put("detail", detail.getDetail());
        if (detail.getProperties() != null) {
            body.putAll(detail.getProperties());
        }
        return new BatchResult(line, detail.getStatus(), null, null, body);
    }
}
