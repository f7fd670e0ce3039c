package org.alliancetracker.reporting.pipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.alliancetracker.platform.money.Money;

/**
 * One row of a pipeline figure's drill-down: the event behind it (CloudEvent id, type, topic, partition, offset,
 * recording time) and what it adds to the figure ({@code amount}, signed).
 */
public record PipelineRow(String eventId, String eventType, String kind, String topic, int partition, long offset,
                          Instant recordedAt, LocalDate valueDate, BigDecimal amount, int fiscalYear, String account,
                          String country, String pillar, String agency, String grantId, String allocationId,
                          String description) {

    static PipelineRow of(Contribution c) {
        PipelineFact f = c.fact();
        return new PipelineRow(f.id(), f.eventType(), f.kind(), f.topic(), f.partition(), f.offset(),
                f.eventTime() == null ? null : f.eventTime().toInstant(), f.date(), Money.fromCents(c.cents()),
                c.fiscalYear(), c.account(), c.country(), c.pillar(), c.agency(), f.grantId(),
                f.allocationId() != null ? f.allocationId() : f.fromAllocationId(), f.description());
    }
}
