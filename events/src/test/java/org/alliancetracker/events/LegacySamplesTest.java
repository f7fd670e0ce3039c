package org.alliancetracker.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.alliancetracker.events.appropriation.Account;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.junit.jupiter.api.Test;

/**
 * Events written before a field was added still decode and mean what they meant: the golden samples of that time
 * are kept under {@code golden/legacy}.
 */
class LegacySamplesTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void anEnactmentWithoutAccountsIsOneUnsplitAccountWithTheDefaultPeriod() throws IOException {
        var enacted = (AppropriationEnacted) codec.decode(legacy("alliance.appropriation.enacted.v1.json")).data();

        assertThat(enacted.accounts()).isEmpty();
        assertThat(enacted.accountsOrDefault()).containsExactly(new Account(Account.UNSPLIT,
                enacted.amount(), java.time.LocalDate.parse("2017-09-30")));
    }

    @Test
    void anAllocationWithoutAccountIsFromTheUnsplitAccount() throws IOException {
        var made = (AllocationMade) codec.decode(legacy("alliance.allocation.made.v1.json")).data();

        assertThat(made.account()).isNull();
        assertThat(made.accountOrDefault()).isEqualTo(Account.UNSPLIT);
    }

    @Test
    void anAwardWithoutAccountClosingHasNone() throws IOException {
        var awarded = (org.alliancetracker.events.grant.GrantAwarded) codec.decode(
                legacy("alliance.grant.awarded.v1.json")).data();

        assertThat(awarded.accountClosesOn()).isNull();
    }

    @Test
    void accountsCloseOnThe30SeptemberOfTheFifthFiscalYearAfterExpiry() {
        assertThat(Account.closesOn(java.time.LocalDate.parse("2017-09-30"))).isEqualTo("2022-09-30");
        assertThat(Account.closesOn(java.time.LocalDate.parse("2017-12-31"))).isEqualTo("2023-09-30");
        assertThat(Account.defaultAvailableUntil(2016)).isEqualTo("2017-09-30");
    }

    private static byte[] legacy(String file) throws IOException {
        try (InputStream in = LegacySamplesTest.class.getResourceAsStream("/golden/legacy/" + file)) {
            assertThat(in).isNotNull();
            return in.readAllBytes();
        }
    }
}
