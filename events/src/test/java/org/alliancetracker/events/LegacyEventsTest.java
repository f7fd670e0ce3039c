package org.alliancetracker.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.junit.jupiter.api.Test;

/**
 * Events written before a field was added to the contract still decode (and so still apply on replay): the golden
 * JSON of each event type as it was then, under {@code src/test/resources/golden-legacy}, never regenerated.
 */
class LegacyEventsTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void anAwardWithoutSectorsOrPartnersDecodesWithNone() throws IOException {
        GrantAwarded awarded = (GrantAwarded) codec.decode(legacy("alliance.grant.awarded.v1.json")).data();
        assertThat(awarded.sectors()).isEmpty();
        assertThat(awarded.partners()).isEmpty();
        assertThat(awarded.title()).isEqualTo("Community violence prevention");
        assertThat(awarded).isEqualTo(new GrantAwarded(Samples.GRANT, awarded.title(), awarded.obligatedAmount(),
                awarded.startDate(), awarded.endDate(), awarded.obligatedOn()));
    }

    @Test
    void anAmendmentWithoutSectorsOrPartnersLeavesThemAsTheyWere() throws IOException {
        GrantAmended amended = (GrantAmended) codec.decode(legacy("alliance.grant.amended.v1.json")).data();
        assertThat(amended.sectors()).isNull();
        assertThat(amended.partners()).isNull();
        assertThat(amended.change()).isEqualByComparingTo("-4999999.50");
    }

    private static byte[] legacy(String file) throws IOException {
        try (InputStream in = LegacyEventsTest.class.getResourceAsStream("/golden-legacy/" + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }
}
