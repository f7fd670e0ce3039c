package org.alliancetracker.reporting.projection;

/**
 * Field names and kinds of the {@code facts} collection: one document per event that moved money (or set a budget
 * figure), so every figure of a view can be explained row by row and recomputed as of any date.
 */
public final class Facts {

    // kinds that move a figure of a country view
    public static final String ALLOCATION = "ALLOCATION";
    public static final String OBLIGATION = "OBLIGATION";
    public static final String AMENDMENT = "AMENDMENT";
    public static final String DISBURSEMENT = "DISBURSEMENT";
    public static final String REVERSAL = "REVERSAL";
    // kinds that set a budget figure of a fiscal year
    public static final String REQUESTED = "REQUESTED";
    public static final String ENACTED = "ENACTED";
    public static final String RELEASE = "RELEASE";
    // kinds that move money between allocations or out of the budget (the pipeline views; no figure of their own)
    public static final String REPROGRAMMING = "REPROGRAMMING";
    public static final String RESCISSION = "RESCISSION";

    // the figure a money fact moves
    public static final String ALLOCATED = "allocated";
    public static final String OBLIGATED = "obligated";
    public static final String DISBURSED = "disbursed";

    public static final String KIND = "kind";
    public static final String FIGURE = "figure";
    public static final String AMOUNT_CENTS = "amountCents";
    /** ISO date {@code YYYY-MM-DD} as a string: compares correctly as text, no time zone involved. */
    public static final String VALUE_DATE = "valueDate";
    public static final String COUNTRY = "country";
    public static final String FISCAL_YEAR = "fiscalYear";
    public static final String PILLAR = "pillar";
    public static final String AGENCY = "agency";
    public static final String GRANT_ID = "grantId";
    public static final String ALLOCATION_ID = "allocationId";
    public static final String DISBURSEMENT_ID = "disbursementId";
    public static final String DESCRIPTION = "description";
    public static final String EVENT_TYPE = "eventType";
    public static final String EVENT_TIME = "eventTime";
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    public static final String WITHHOLDINGS = "withholdings";
    public static final String WITHHOLDING_ID = "withholdingId";
    public static final String SOURCE = "source";
    /** The account of an allocation or rescission; absent on facts of events written before accounts existed. */
    public static final String ACCOUNT = "account";
    /** An enactment's accounts: {@code code}, {@code amountCents}, {@code availableUntil} (ISO date). */
    public static final String ACCOUNTS = "accounts";
    /** A grant's period, on its obligation fact (absent on facts recorded before it was added: rebuild). */
    public static final String END_DATE = "endDate";
    // a reprogramming's two sides (to* absent when the funds left the Plan)
    public static final String FROM_ALLOCATION_ID = "fromAllocationId";
    public static final String FROM_COUNTRY = "fromCountry";
    public static final String FROM_PILLAR = "fromPillar";
    public static final String TO_ALLOCATION_ID = "toAllocationId";
    public static final String TO_COUNTRY = "toCountry";
    public static final String TO_PILLAR = "toPillar";
    public static final String NOTIFICATION_REFERENCE = "notificationReference";

    private Facts() {
    }
}
