package org.alliancetracker.reporting.projection;

import java.time.Instant;
import java.util.Map;

import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A document of {@code country_views} as the projection keeps it, read by the driver's record codec
 * ({@link org.alliancetracker.platform.store.StoredRecords}; the publisher's and the guards' fields are skipped): each
 * figure in whole cents, in total and per fiscal year, pillar and agency, and the disbursed cents per month. The
 * projection's {@code $inc} paths are built from the constants below, so writer and reader name the fields in one
 * place. Absent figures read as {@code null} (nothing moved yet). Public: the codec constructs it reflectively.
 */
public record StoredCountryView(@BsonId String country, Long allocatedCents, Long obligatedCents, Long disbursedCents,
                                Map<String, StoredFigures> byFiscalYear, Map<String, StoredFigures> byPillar,
                                Map<String, StoredFigures> byAgency, Map<String, StoredFigures> monthly,
                                Instant lastEventAt) {

    /** Field: the trace context of the last change, continued by the view's next publish. */
    public static final String PUBLISH_TRACE = "publishTrace";
    /**
     * Marks a view as changed (a {@code version} increment and {@code dirty: true}), combined into the same update as
     * the change, so the {@link CountryViewListener} re-publishes it; the mark survives a crash.
     */
    public static final org.bson.conversions.Bson MARK_CHANGED = com.mongodb.client.model.Updates.combine(
            com.mongodb.client.model.Updates.set("dirty", true), com.mongodb.client.model.Updates.inc("version", 1L));
    public static final String BY_FISCAL_YEAR = "byFiscalYear";
    public static final String BY_PILLAR = "byPillar";
    public static final String BY_AGENCY = "byAgency";
    public static final String MONTHLY = "monthly";

    /** The field of a figure's cents ({@code allocatedCents}, …), in the view, a breakdown entry or a month. */
    public static String cents(String figure) {
        return figure + "Cents";
    }

    /** The path of a figure's cents in one entry of a breakdown ({@code byPillar.SECURITY_AND_JUSTICE.…}). */
    public static String cents(String breakdown, Object key, String figure) {
        return breakdown + "." + key + "." + cents(figure);
    }

    public StoredCountryView {
        byFiscalYear = byFiscalYear == null ? Map.of() : byFiscalYear;
        byPillar = byPillar == null ? Map.of() : byPillar;
        byAgency = byAgency == null ? Map.of() : byAgency;
        monthly = monthly == null ? Map.of() : monthly;
    }

    /** A figure triple in cents: a total, one breakdown entry, or a month (disbursed only). */
    public record StoredFigures(Long allocatedCents, Long obligatedCents, Long disbursedCents) {

        public long allocated() {
            return allocatedCents == null ? 0L : allocatedCents;
        }

        public long obligated() {
            return obligatedCents == null ? 0L : obligatedCents;
        }

        public long disbursed() {
            return disbursedCents == null ? 0L : disbursedCents;
        }
    }

    public StoredFigures total() {
        return new StoredFigures(allocatedCents, obligatedCents, disbursedCents);
    }
}
