package org.alliancetracker.reporting.pipeline;

import java.util.Arrays;
import java.util.Optional;

/**
 * The figures of the pipeline views, each a sum of signed contributions of facts (so the drill-down of any figure
 * adds up to it). {@code UNOBLIGATED} includes what is expired but not yet cancelled; {@code CANCELLED} is what an
 * account still held, unobligated or unliquidated, when it closed.
 */
public enum PipelineFigure {
    DISBURSED("disbursed"),
    UNOBLIGATED("unobligated"),
    UNLIQUIDATED("unliquidated"),
    UNDER_1_YEAR("unliquidatedUnder1Year"),
    FROM_1_TO_2_YEARS("unliquidated1To2Years"),
    FROM_2_TO_3_YEARS("unliquidated2To3Years"),
    FROM_3_YEARS("unliquidated3YearsOrMore"),
    EXPIRING_WITHIN_90_DAYS("expiringWithin90Days"),
    EXPIRED_UNOBLIGATED("expiredUnobligated"),
    CANCELLED("cancelled"),
    RESCINDED("rescinded"),
    REPROGRAMMED_OUT("reprogrammedOut"),
    REPROGRAMMED_IN("reprogrammedIn");

    private final String key;

    PipelineFigure(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<PipelineFigure> ofKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    static PipelineFigure ageBucket(int years) {
        return switch (years) {
            case 0 -> UNDER_1_YEAR;
            case 1 -> FROM_1_TO_2_YEARS;
            case 2 -> FROM_2_TO_3_YEARS;
            default -> FROM_3_YEARS;
        };
    }
}
