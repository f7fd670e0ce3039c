package org.alliancetracker.reporting.rebuild;

import org.alliancetracker.platform.openapi.ProblemTypes;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;

import org.springframework.http.ResponseEntity;
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
    @Operation(operationId = "startRebuild", summary = "Rebuild the views from the source topics", description = "Drops the views and replays every source topic from the beginning; needs this instance to be the group's only consumer. 202 with the progress so far. Needs admin.")
    @ProblemTypes({"409 rebuild-in-progress", "409 rebuild-needs-sole-consumer"})
    @SecurityRequirement(name = "bearer")
    Mono<ResponseEntity<RebuildStatus>> rebuild() {
        return Mono.fromCallable(rebuilder::start)
                .subscribeOn(Schedulers.boundedElastic())
                .map(status -> ResponseEntity.accepted().location(URI.create("/api/v1/admin/rebuild")).body(status));
    }

    @GetMapping
    @Operation(operationId = "getRebuildStatus", summary = "Progress of the latest rebuild", description = "state, total, applied, eventsPerSecond. Needs admin.")
    @SecurityRequirement(name = "bearer")
    RebuildStatus status() {
        return rebuilder.status();
    }
}
