package org.alliancetracker.disbursement.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The pauses of a chunk that keeps losing its ledger race: none at first, then growing, bounded, inside the lease. */
class ChunkBackOffTest {

    @Test
    void theFirstTenPlansFollowEachOtherAtOnce() {
        for (int round = 1; round < 10; round++) {
            assertThat(ChunkProcessor.pauseMillis(round, bound -> bound - 1)).as("round %d", round).isZero();
        }
    }

    @Test
    void thenThePauseDoublesFromTwoMillisecondsToHalfASecondWithinHalfToOneAndAHalfTimesIt() {
        assertThat(ChunkProcessor.pauseMillis(10, bound -> 0)).isEqualTo(1);
        assertThat(ChunkProcessor.pauseMillis(10, bound -> bound - 1)).isEqualTo(3);
        assertThat(ChunkProcessor.pauseMillis(11, bound -> 0)).isEqualTo(2);
        assertThat(ChunkProcessor.pauseMillis(17, bound -> 0)).isEqualTo(128);
        assertThat(ChunkProcessor.pauseMillis(18, bound -> 0)).isEqualTo(250);
        assertThat(ChunkProcessor.pauseMillis(40, bound -> bound - 1)).isEqualTo(750);
        assertThat(ChunkProcessor.pauseMillis(Integer.MAX_VALUE, bound -> bound - 1)).isEqualTo(750);
    }

    @Test
    void allPausesTogetherEndWellBeforeTheBatchLeaseExpires() {
        long longest = 0;
        for (int round = 1; round <= ChunkProcessor.lastPlan(); round++) {
            longest += ChunkProcessor.pauseMillis(round, bound -> bound - 1);
        }
        Duration lease = new BatchJobProperties(null, null, null, null, null, null, null, null).lease();
        assertThat(Duration.ofMillis(longest)).isLessThan(lease.multipliedBy(3).dividedBy(4));
        assertThat(Duration.ofMillis(longest)).isGreaterThan(Duration.ofSeconds(10)); // not a token retry either
    }
}
