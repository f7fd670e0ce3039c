package org.alliancetracker.reporting.rebuild;

import org.alliancetracker.platform.openapi.ProblemTypes;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
@Tag(name = "Operations", description = "Rebuild and dead letters (scope admin)")
@RequestMapping("/api/v1/admin/rebuild")
class RebuildController {

    private final Rebuilder rebuilder;

    RebuildController(Rebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    /** 202 with the progress so far; follow it on {@code GET} or on {@code /api/v1/stream} (event {@code rebuild}). */
    @PostMapping
    @Operation(operationId = "startRebuild", summary = "Rebuild the views from the source topics",
            description = "Replays every source topic from the beginning into a new generation of the views, while "
                    + "every instance keeps serving (and updating) the current one; when the replay has caught up "
                    + "(lag 0 on every partition) the views switch to it atomically, and the replaced generation is "
                    + "dropped after the grace period. Works with any number of instances running. 202 with the "
                    + "progress so far. Needs admin.")
    @ProblemTypes({"409 rebuild-in-progress"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<RebuildStatus>> rebuild() {
        return Mono.fromCallable(rebuilder::start)
                .subscribeOn(Schedulers.boundedElastic())
                .map(status -> ResponseEntity.accepted().location(URI.create("/api/v1/admin/rebuild")).body(status));
    }

    @GetMapping
    @Operation(operationId = "getRebuildStatus", summary = "Progress of the latest rebuild",
            description = "state, phase, total, applied, eventsPerSecond, per-partition lag to the live views, ETA, "
                    + "dead letters met by the replay; the same on every instance. Needs admin.")
    @SecurityRequirement(name = "bearer")
    Mono<RebuildStatus> status() {
        return Mono.fromCallable(rebuilder::status).subscribeOn(Schedulers.boundedElastic());
    }

    /** Stops a rebuild that has not switched yet; its generation is dropped, the current views are untouched. */
    @DeleteMapping
    @Operation(operationId = "cancelRebuild", summary = "Cancel the running rebuild",
            description = "Only before the switch: the replay stops and the generation it wrote is dropped; the "
                    + "current views were never touched. 200 with the status. Needs admin.")
    @ProblemTypes({"409 rebuild-not-cancellable"})
    @SecurityRequirement(name = "bearer")
    Mono<RebuildStatus> cancel() {
        return Mono.fromCallable(rebuilder::cancel).subscribeOn(Schedulers.boundedElastic());
    }
}
