package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.alliancetracker.events.Topics;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@GrantsServiceTest
class BudgetPathIT extends InfrastructureProperties {

    static TopicRecorder topics;

    @Autowired
    WebTestClient http;

    @BeforeAll
    static void recordTopics() {
        topics = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(),
                Topics.APPROPRIATIONS, Topics.GRANTS);
    }

    @AfterAll
    static void stopRecording() {
        topics.close();
    }

    @Test
    void appropriationAllocationAndGrantAreStoredAndPublished() {
        http.put().uri("/api/v1/appropriations/2016").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("stage", "ENACTED", "amount", 750000000.00,
                        "source", "Consolidated Appropriations Act, 2016"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.enacted").isEqualTo(750000000.00)
                .jsonPath("$.available").isEqualTo(750000000.00);

        String allocationId = http.post().uri("/api/v1/allocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"fiscalYear\":2016,\"country\":\"GT\",\"pillar\":\"SECURITY_AND_JUSTICE\",\"amount\":100000000.00,\"allocatedOn\":\"2016-02-01\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();

        http.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"GT-SEC-001\",\"allocationId\":\"" + allocationId + "\",\"agency\":\"USAID\","
                        + "\"title\":\"Community violence prevention\",\"obligatedAmount\":40000000.00,"
                        + "\"startDate\":\"2016-03-01\",\"endDate\":\"2019-02-28\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.country").isEqualTo("GT")
                .jsonPath("$.obligatedAmount").isEqualTo(40000000.00);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(topics.eventsAbout("2016")).extracting(e -> (Object) e.data().getClass())
                    .containsExactly(AppropriationEnacted.class, AllocationMade.class);
            assertThat(topics.eventsAbout("GT-SEC-001")).extracting(e -> (Object) e.data().getClass())
                    .containsExactly(GrantAwarded.class);
        });
        var award = (GrantAwarded) topics.eventsAbout("GT-SEC-001").getFirst().data();
        assertThat(award.obligatedAmount()).isEqualByComparingTo("40000000.00");
        assertThat(award.obligatedAmount().scale()).isEqualTo(2);
        assertThat(award.grant().allocationId()).isEqualTo(allocationId);
    }
}
