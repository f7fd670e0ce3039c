package org.alliancetracker.reporting.projection;

import java.util.List;
import java.util.Map;

import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A document of {@code fiscal_year_views} as the projection keeps it, read by the driver's record codec: the
 * budget's stage (1 requested, 2 enacted), the requested and enacted cents and their sources, the withholdings of
 * the enactment and which were released, and the year's allocated, obligated and disbursed cents. The projection's
 * updates name the fields by the constants below. Public: the codec constructs it reflectively.
 */
public record StoredFiscalYear(@BsonId Integer fiscalYear, Integer stageRank, Long requestedCents, Long enactedCents,
                               String source, String requestSource, List<Withheld> withholdings,
                               Map<String, Boolean> released, Long allocatedCents, Long obligatedCents,
                               Long disbursedCents) {

    public static final String STAGE_RANK = "stageRank";
    public static final String REQUESTED_CENTS = "requestedCents";
    public static final String ENACTED_CENTS = "enactedCents";
    public static final String SOURCE = "source";
    public static final String REQUEST_SOURCE = "requestSource";
    public static final String WITHHOLDINGS = "withholdings";
    public static final String RELEASED = "released";

    /** The field of one of the year's figures ({@code allocatedCents}, …), named as in the country views. */
    public static String cents(String figure) {
        return StoredCountryView.cents(figure);
    }

    public StoredFiscalYear {
        withholdings = withholdings == null ? List.of() : withholdings;
        released = released == null ? Map.of() : released;
    }

    /**
     * One withholding of an enactment, as the year's view and the enactment's fact store it; {@code percent} is
     * the decimal's plain text.
     */
    public record Withheld(String id, Long amountCents, String percent, String condition) {

        public long cents() {
            return amountCents == null ? 0L : amountCents;
        }
    }
}
