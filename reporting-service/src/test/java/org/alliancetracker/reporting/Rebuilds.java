package org.alliancetracker.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/** Starting a rebuild in a test and following it (tests share an instance: one may still be handing over). */
final class Rebuilds {

    private Rebuilds() {
    }

    /** Waits until no rebuild is active (none yet, or the last one is done). */
    static void awaitIdle(Api api) {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode status = api.get("/api/v1/admin/rebuild");
            return status.path("phase").isNull() || status.path("phase").isMissingNode()
                    || "DONE".equals(status.path("phase").asString());
        });
    }

    /** Starts a rebuild once none is active; returns the 202's status. */
    static JsonNode start(WebTestClient http, Api api) {
        awaitIdle(api);
        byte[] body = http.post().uri("/api/v1/admin/rebuild").exchange()
                .expectStatus().isAccepted()
                .expectHeader().location("/api/v1/admin/rebuild")
                .expectBody().returnResult().getResponseBodyContent();
        return Api.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Waits until the views switched to the rebuilt generation; returns that status. */
    static JsonNode awaitSwitched(Api api) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            last[0] = api.get("/api/v1/admin/rebuild");
            assertThat(last[0].path("state").asString()).isEqualTo("COMPLETED");
        });
        return last[0];
    }

    /** Waits until the rebuild has dropped the generation it replaced; returns the final status. */
    static JsonNode awaitDone(Api api) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            last[0] = api.get("/api/v1/admin/rebuild");
            assertThat(last[0].path("phase").asString()).isEqualTo("DONE");
        });
        return last[0];
    }
}
