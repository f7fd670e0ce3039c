package org.alliancetracker.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.AppropriationRequested;
import org.alliancetracker.events.appropriation.AppropriationRescinded;
import org.alliancetracker.events.appropriation.FundsReprogrammed;
import org.alliancetracker.events.appropriation.WithholdingReleased;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantResumed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.events.view.CountryViewChanged;

/** The catalogue of the contract: CloudEvents {@code type}, record class and topic of every event. */
public enum EventType {
    APPROPRIATION_REQUESTED("alliance.appropriation.requested.v1", AppropriationRequested.class, Topics.APPROPRIATIONS),
    APPROPRIATION_ENACTED("alliance.appropriation.enacted.v1", AppropriationEnacted.class, Topics.APPROPRIATIONS),
    WITHHOLDING_RELEASED("alliance.appropriation.withholding-released.v1", WithholdingReleased.class, Topics.APPROPRIATIONS),
    ALLOCATION_MADE("alliance.allocation.made.v1", AllocationMade.class, Topics.APPROPRIATIONS),
    GRANT_AWARDED("alliance.grant.awarded.v1", GrantAwarded.class, Topics.GRANTS),
    GRANT_AMENDED("alliance.grant.amended.v1", GrantAmended.class, Topics.GRANTS),
    GRANT_SUSPENDED("alliance.grant.suspended.v1", GrantSuspended.class, Topics.GRANTS),
    GRANT_RESUMED("alliance.grant.resumed.v1", GrantResumed.class, Topics.GRANTS),
    GRANT_CLOSED("alliance.grant.closed.v1", GrantClosed.class, Topics.GRANTS),
    DISBURSEMENT_RECORDED("alliance.disbursement.recorded.v1", DisbursementRecorded.class, Topics.DISBURSEMENTS),
    DISBURSEMENT_REVERSED("alliance.disbursement.reversed.v1", DisbursementReversed.class, Topics.DISBURSEMENTS),
    INDICATOR_DEFINED("alliance.indicator.defined.v1", IndicatorDefined.class, Topics.OUTCOMES),
    OUTCOME_MEASURED("alliance.outcome.measured.v1", OutcomeMeasured.class, Topics.OUTCOMES),
    COUNTRY_VIEW_CHANGED("alliance.country-view.changed.v1", CountryViewChanged.class, Topics.COUNTRY_VIEWS),
    // appended, so the catalogue's order (and the golden samples' ids) stay as they were
    FUNDS_REPROGRAMMED("alliance.funds.reprogrammed.v1", FundsReprogrammed.class, Topics.APPROPRIATIONS),
    APPROPRIATION_RESCINDED("alliance.appropriation.rescinded.v1", AppropriationRescinded.class, Topics.APPROPRIATIONS);

    private static final Map<String, EventType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::eventClass, Function.identity()));

    private final String type;
    private final Class<? extends AllianceEvent> eventClass;
    private final String topic;

    EventType(String type, Class<? extends AllianceEvent> eventClass, String topic) {
        this.type = type;
        this.eventClass = eventClass;
        this.topic = topic;
    }

    public String type() {
        return type;
    }

    public Class<? extends AllianceEvent> eventClass() {
        return eventClass;
    }

    public String topic() {
        return topic;
    }

    public static EventType of(Class<?> eventClass) {
        EventType found = BY_CLASS.get(eventClass);
        if (found == null) {
            throw new IllegalArgumentException("Not an event of the contract: " + eventClass.getName());
        }
        return found;
    }

    /** @throws MalformedEventException for a type this contract does not know */
    public static EventType ofType(String type) {
        EventType found = BY_TYPE.get(type);
        if (found == null) {
            throw new MalformedEventException("Unknown event type: " + type);
        }
        return found;
    }
}
