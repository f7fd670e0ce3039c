package org.alliancetracker.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.alliancetracker.platform.RealParts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/**
 * Event claims against a real MongoDB-wire server: an event is applied at the first position it was seen at (and on a
 * redelivery of that same record), never at a second copy; a copy re-driven from the dead-letter topic takes over
 * its failed original's claim exactly once.
 */
class EventClaimsIT {

    private static final String TOPIC = "alliance.grants";
    private static EventClaims claims;

    @BeforeAll
    static void claims() {
        ReactiveMongoTemplate mongo = RealParts.mongo("platform-claims-" + UUID.randomUUID());
        claims = new EventClaims(mongo);
    }

    @Test
    void theFirstPositionAndItsRedeliveriesApplyACopyElsewhereDoesNot() {
        String event = UUID.randomUUID().toString();
        SourcePosition first = new SourcePosition(TOPIC, 2, 40);

        assertThat(claims.claim(event, first).block()).as("first sighting").isTrue();
        assertThat(claims.claim(event, new SourcePosition(TOPIC, 2, 40)).block()).as("redelivery").isTrue();
        assertThat(claims.claim(event, new SourcePosition(TOPIC, 2, 41)).block()).as("relay retry, later offset")
                .isFalse();
        assertThat(claims.claim(event, new SourcePosition(TOPIC, 5, 40)).block()).as("copy on another partition")
                .isFalse();
        assertThat(claims.claim(UUID.randomUUID().toString(), new SourcePosition(TOPIC, 2, 41)).block())
                .as("another event at that offset is its own").isTrue();
    }

    @Test
    void aRedrivenCopyTakesOverTheClaimOfItsFailedOriginalOnce() {
        String event = UUID.randomUUID().toString();
        SourcePosition original = new SourcePosition(TOPIC, 1, 7);
        assertThat(claims.claim(event, original).block()).isTrue(); // claimed, then its application failed

        SourcePosition redriven = new SourcePosition(TOPIC, 1, 90, original);
        assertThat(claims.claim(event, redriven).block()).as("the re-driven copy applies").isTrue();
        assertThat(claims.claim(event, new SourcePosition(TOPIC, 1, 90, original)).block())
                .as("its redelivery too").isTrue();
        assertThat(claims.claim(event, new SourcePosition(TOPIC, 1, 95, original)).block())
                .as("re-driving it again is a duplicate").isFalse();
        assertThat(claims.claim(event, original).block()).as("the original no longer holds the claim").isFalse();
    }

    @Test
    void aRedrivenCopyOfAnotherPositionIsADuplicateLikeAnyOther() {
        String event = UUID.randomUUID().toString();
        assertThat(claims.claim(event, new SourcePosition(TOPIC, 0, 3)).block()).isTrue();

        SourcePosition notTheClaimedOne = new SourcePosition(TOPIC, 0, 4);
        assertThat(claims.claim(event, new SourcePosition(TOPIC, 0, 50, notTheClaimedOne)).block()).isFalse();
    }
}
