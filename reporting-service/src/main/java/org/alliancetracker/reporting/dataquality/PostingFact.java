package org.alliancetracker.reporting.dataquality;

import java.time.Instant;

import org.springframework.data.annotation.Id;

/**
 * The fields of an obligation, amendment, disbursement or reversal fact ({@code facts}, written by the projection) that
 * data quality reads, mapped by name: {@code kind} {@code OBLIGATION}, {@code AMENDMENT}, {@code DISBURSEMENT} or
 * {@code REVERSAL}, signed {@code amountCents}, {@code valueDate}
 * as {@code YYYY-MM-DD} and {@code eventTime}, when the agency's service recorded it.
 */
record PostingFact(@Id String id, String kind, String agency, String grantId, long amountCents, String valueDate,
                   Instant eventTime) {
}
