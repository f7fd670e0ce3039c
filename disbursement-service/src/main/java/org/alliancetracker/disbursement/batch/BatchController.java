package org.alliancetracker.disbursement.batch;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.alliancetracker.disbursement.disbursement.DisbursementProperties;
import org.alliancetracker.disbursement.security.AgencyGate;
import org.alliancetracker.platform.web.StrictText;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;

/**
 * {@code POST /api/v1/disbursements/batch}: many disbursements in one upload, {@code application/x-ndjson} (one JSON
 * request per line, each with its own {@code idempotencyKey}) or {@code text/csv} (header row first; charset from
 * the Content-Type, UTF-8 by default), answered as {@code application/x-ndjson} with one result line per input record,
 * in input order.
 *
 * <p>It reads the whole upload before it answers ({@link BoundedBody}), so it works with every HTTP client, also
 * one that sends its whole body before it reads anything (Java's {@code HttpClient}, Python's {@code urllib}). The
 * upload is therefore bounded: at most {@code batchMaxLines} records and {@code batchMaxBytes} bytes, 413
 * {@code payload-too-large} beyond, pointing at batch jobs ({@code POST /api/v1/disbursement-batches}), which take
 * uploads of any size. Each record goes through the single-post path ({@link BatchLines}), so one bad record never
 * fails the others; a line for another agency's grant is answered 403 like any other refused line. Only a CSV header
 * that cannot be used fails the whole upload (400 {@code invalid-csv-header}).
 *
 * <p><b>Lines are independent requests.</b> Up to {@code batchConcurrency} of them are in the write path at once,
 * exactly like as many single posts: answers come in input order, but lines of one grant may be applied in any order
 * among those in flight. When a grant's remaining obligation cannot cover all of them, which lines are refused is
 * therefore not decided by their position in the upload (each answer's {@code remainingObligation} is the ledger's
 * right after that line). Never more than the obligation is disbursed, and sending the same upload again answers
 * every line as before (the idempotency keys), so a partly refused upload can be corrected line by line.
 */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "Disbursements")
class BatchController {

    static final String CSV = "text/csv";
    /** Where uploads too large for this endpoint go. */
    static final String JOBS = "/api/v1/disbursement-batches";

    private final BatchLines lines;
    private final DisbursementProperties properties;
    private final AgencyGate gate;

    BatchController(BatchLines lines, DisbursementProperties properties, AgencyGate gate) {
        this.gate = gate;
        this.lines = lines;
        this.properties = properties;
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "postDisbursementBatch", summary = "Upload many disbursements (NDJSON or CSV)",
            description = "Each line is an independent request with its own idempotencyKey, answered in input order "
                    + "as one application/x-ndjson line: {line, status, id, remainingObligation} or {line, status, "
                    + "problem}. One bad line never fails the others; only an unusable CSV header fails the upload. "
                    + "Needs disbursements:write.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_NDJSON_VALUE,
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string"),
                            examples = @io.swagger.v3.oas.annotations.media.ExampleObject(value = """
                                    {"grantId":"GT-SEC-101","amount":1234.56,"currency":"USD","valueDate":"2016-06-30","reference":"INV-7","idempotencyKey":"INV-7"}
                                    {"grantId":"GT-SEC-101","amount":99.00,"currency":"USD","valueDate":"2016-07-31","reference":"INV-8","idempotencyKey":"INV-8"}
                                    """)),
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = CSV,
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string"),
                            examples = @io.swagger.v3.oas.annotations.media.ExampleObject(value = """
                                    grantId,amount,currency,valueDate,reference,description,idempotencyKey
                                    GT-SEC-101,1234.56,USD,2016-06-30,INV-7,"Salaries, Q2",INV-7
                                    """))}))
    @org.alliancetracker.platform.openapi.ProblemTypes({"400 invalid-csv-header", "413 payload-too-large"})
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "bearer")
    @PostMapping(path = "/api/v1/disbursements/batch", consumes = {MediaType.APPLICATION_NDJSON_VALUE, CSV},
            produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<BatchResult> batch(ServerHttpRequest request) {
        return gate.callerAgency().flatMapMany(agency -> batch(request, agency));
    }

    private Flux<BatchResult> batch(ServerHttpRequest request, String agency) {
        MediaType type = request.getHeaders().getContentType();
        boolean csv = type != null && MediaType.parseMediaType(CSV).isCompatibleWith(type);
        return BoundedBody.read(request.getBody(), csv, properties.batchMaxLineBytes(), limits(), csv ? 1 : 0)
                .flatMapMany(all -> csv ? csvAnswers(all, type, agency)
                        : answers(Flux.fromIterable(all), lines::parseJson, agency));
    }

    private UploadLimits limits() {
        return new UploadLimits(properties.batchMaxLines(), properties.batchMaxBytes().toBytes(),
                "/api/v1/disbursements/batch", JOBS);
    }

    private Flux<BatchResult> csvAnswers(java.util.List<LineSplitter.Record> all, MediaType type, String agency) {
        if (all.isEmpty()) {
            return Flux.empty();
        }
        Charset charset = type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        Csv columns = Csv.header(all.getFirst(), charset);
        return answers(Flux.fromIterable(all.subList(1, all.size())),
                bytes -> columns.line(StrictText.decode(bytes, charset, "line")), agency);
    }

    private Flux<BatchResult> answers(Flux<LineSplitter.Record> records, BatchLines.LineReader reader, String agency) {
        return records.flatMapSequential(record -> lines.answer(record, reader, agency), properties.batchConcurrency(),
                1);
    }
}
