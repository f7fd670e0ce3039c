package org.alliancetracker.reporting.rebuild;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
@RequestMapping("/api/v1/admin/rebuild")
class RebuildController {

    private final Rebuilder rebuilder;

    RebuildController(Rebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    /** 202 with the progress so far; follow it on {@code GET} or on {@code /api/v1/stream} (event {@code rebuild}). */
    @PostMapping
    Mono<ResponseEntity<RebuildStatus>> rebuild() {
        return Mono.fromCallable(rebuilder::start)
                .subscribeOn(Schedulers.boundedElastic())
                .map(status -> ResponseEntity.accepted().location(URI.create("/api/v1/admin/rebuild")).body(status));
    }

    @GetMapping
    RebuildStatus status() {
        return rebuilder.status();
    }
}
