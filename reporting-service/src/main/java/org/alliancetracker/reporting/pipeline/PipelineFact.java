package org.alliancetracker.reporting.pipeline;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.springframework.data.annotation.Id;

/**
 * A document of {@code facts} as the pipeline reads it (through the mapping layer; the field names are those of
 * {@link org.alliancetracker.reporting.projection.Facts}). Fields a kind does not carry are null.
 */
record PipelineFact(@Id String id, String kind, long amountCents, String valueDate, Integer fiscalYear,
                    String country, String pillar, String agency, String grantId, String allocationId,
                    String account, List<AccountEntry> accounts, String endDate, String fromAllocationId,
                    String fromCountry, String fromPillar, String toAllocationId, String toCountry, String toPillar,
                    String description, String eventType, Date eventTime, String topic, int partition, long offset) {

    /** One account of an enactment fact. */
    record AccountEntry(String code, long amountCents, String availableUntil) {
    }

    LocalDate date() {
        return valueDate == null ? null : LocalDate.parse(valueDate);
    }
}
