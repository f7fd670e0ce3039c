package org.alliancetracker.reporting.live;

import org.alliancetracker.platform.openapi.ProblemTypes;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.Country;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.country.Countries;
import org.alliancetracker.reporting.country.CountryViews;
import org.alliancetracker.reporting.rebuild.Rebuilder;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * {@code GET /api/v1/stream}: Server-Sent Events.
 * <ul>
 * <li>{@code country-view}: first the current view of each country (or of {@code ?country=}), then every change as
 *     published on {@code alliance.country-views} by any instance; the data is the JSON of
 *     {@code GET /api/v1/countries/{iso2}};</li>
 * <li>{@code rebuild}: progress of a rebuild (whichever instance runs it);</li>
 * <li>{@code heartbeat}: every {@code alliance.reporting.stream.heartbeat} (15 s), so idle connections stay open.</li>
 * </ul>
 * Changes arriving while the current views are read are held back and sent right after them, so none is lost;
 * a view may then be sent twice, never an older one last (views of a country reach the topic in order).
 */
@RestController
@Tag(name = "Live", description = "Server-Sent Events")
class StreamController {

    /** Changes held for one slow client; beyond that the oldest go (a newer view of the same country follows). */
    private static final int CLIENT_BUFFER = 1024;

    private final CountryViews views;
    private final CountryViewFeed feed;
    private final Rebuilder rebuilder;
    private final Duration heartbeat;

    StreamController(CountryViews views, CountryViewFeed feed, Rebuilder rebuilder, ReportingProperties properties) {
        this.views = views;
        this.feed = feed;
        this.rebuilder = rebuilder;
        this.heartbeat = properties.stream().heartbeat();
    }

    @GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "stream", summary = "Live stream of country views (Server-Sent Events)", description = "Events country-view (first the current view of each country, then every change), rebuild (progress) and heartbeat.")
    @ProblemTypes({"422 invalid-request"})
    Flux<ServerSentEvent<Object>> stream(@RequestParam(required = false) String country) {
        Country only = country == null ? null : Countries.parse(country);
        List<Country> countries = only == null ? List.of(Country.values()) : List.of(only);
        return Flux.defer(() -> {
            Sinks.Many<ServerSentEvent<Object>> held = Sinks.many().unicast()
                    .onBackpressureBuffer(Queues.<ServerSentEvent<Object>>get(CLIENT_BUFFER).get());
            Disposable changes = feed.views()
                    .filter(view -> only == null || view.country() == only)
                    .subscribe(view -> held.tryEmitNext(countryView(view.view())));
            Flux<ServerSentEvent<Object>> countryViews = views.current(countries)
                    .flatMapIterable(list -> list)
                    .map(view -> countryView((Object) view))
                    .concatWith(held.asFlux())
                    .doFinally(signal -> changes.dispose());
            Flux<ServerSentEvent<Object>> rebuilds = rebuilder.progress()
                    .map(status -> ServerSentEvent.builder((Object) status).event("rebuild").build());
            Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(heartbeat, heartbeat)
                    .map(tick -> ServerSentEvent.builder((Object) Map.of("at", Instant.now().toString()))
                            .event("heartbeat").build());
            return Flux.merge(countryViews, rebuilds, heartbeats);
        });
    }

    private static ServerSentEvent<Object> countryView(Object view) {
        return ServerSentEvent.builder(view).event("country-view").build();
    }
}
