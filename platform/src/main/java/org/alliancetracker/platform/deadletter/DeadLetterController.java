package org.alliancetracker.platform.deadletter;

import java.util.List;

import org.alliancetracker.platform.deadletter.DeadLetterViews.Page;
import org.alliancetracker.platform.deadletter.DeadLetterViews.RedriveRequest;
import org.alliancetracker.platform.deadletter.DeadLetterViews.RedriveResult;
import org.alliancetracker.platform.deadletter.DeadLetterViews.TopicSummary;
import org.alliancetracker.platform.openapi.ProblemTypes;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operator's view of the dead letters of the topics this service consumes, and the re-drive. Needs the
 * {@code admin} scope (the platform's rule for {@code /api/v1/admin/**}). Kafka is read off the event loop.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@Tag(name = "Operations", description = "Dead letters: list and re-drive (scope admin)")
@SecurityRequirement(name = "bearer")
public class DeadLetterController {

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping(params = "!topic")
    @Operation(operationId = "listDeadLetters", summary = "Dead letters per consumed topic",
            description = "For every topic this service consumes: how many records its dead-letter topic holds, "
                    + "how many were re-driven and how many are pending.")
    @ProblemTypes({"401 unauthorized", "403 forbidden"})
    public Mono<List<TopicSummary>> summary() {
        return Mono.fromCallable(deadLetters::summary).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping(params = "topic")
    @Operation(operationId = "listDeadLetters", summary = "The dead letters of a topic",
            description = "Oldest first, with the reason (exception class and message), where each record came from "
                    + "(original topic, partition, offset), the consumer group that gave up on it, and whether it "
                    + "was re-driven.")
    @ProblemTypes({"401 unauthorized", "403 forbidden", "422 invalid-request"})
    public Mono<Page> list(
            @Parameter(description = "a consumed topic, e.g. alliance.grants") @RequestParam String topic,
            @Parameter(description = "most records answered (1–1000)") @RequestParam(defaultValue = "100") int limit,
            @Parameter(description = "only those not yet re-driven") @RequestParam(defaultValue = "false")
            boolean pending) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.invalidField("limit", "must be between 1 and 1000");
        }
        return Mono.fromCallable(() -> deadLetters.list(topic, limit, pending))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/redrive")
    @Operation(operationId = "redriveDeadLetters", summary = "Re-drive dead letters to their original topic",
            description = "Without partition and offset: every dead letter of the topic not yet re-driven, after "
                    + "which they count as re-driven. With both: exactly that dead letter, again if need be. The "
                    + "record goes back to its original topic and partition with the same key, value and CloudEvent "
                    + "id; consumers apply it once in effect (a group that had applied it sees a duplicate).")
    @ProblemTypes({"401 unauthorized", "403 forbidden", "404 not-found", "422 invalid-request", "400 malformed-request"})
    public Mono<RedriveResult> redrive(@RequestBody RedriveRequest request) {
        if ((request.partition() == null) != (request.offset() == null)) {
            throw ApiProblem.invalidField(request.partition() == null ? "partition" : "offset",
                    "partition and offset go together (re-drive one dead letter) or not at all (re-drive all pending)");
        }
        return Mono.fromCallable(() -> request.partition() == null
                        ? deadLetters.redrivePending(request.topic())
                        : deadLetters.redriveOne(request.topic(), request.partition(), request.offset()))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
