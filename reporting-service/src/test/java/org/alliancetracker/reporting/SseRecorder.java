package org.alliancetracker.reporting;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/** An SSE client of {@code /api/v1/stream} that records every event it receives, as a browser's EventSource would. */
final class SseRecorder implements AutoCloseable {

    private final List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
    private final Disposable subscription;

    private SseRecorder(String baseUrl, String path) {
        subscription = WebClient.create(baseUrl).get().uri(path).accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                })
                .subscribe(events::add);
    }

    static SseRecorder connect(String baseUrl, String path) {
        return new SseRecorder(baseUrl, path);
    }

    List<ServerSentEvent<String>> events(String name) {
        return events.stream().filter(e -> name.equals(e.event())).toList();
    }

    /** The data of the {@code country-view} events so far, parsed. */
    List<JsonNode> countryViews() {
        return events("country-view").stream().map(e -> Api.parse(e.data())).toList();
    }

    List<JsonNode> countryViews(String country) {
        return countryViews().stream().filter(v -> country.equals(v.get("country").asString())).toList();
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
