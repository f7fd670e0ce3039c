package org.alliancetracker.grants.indicator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.events.outcome.PeriodValue;
import org.alliancetracker.grants.grant.Grants;
import org.alliancetracker.grants.indicator.StoredIndicator.StoredActual;
import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.outbox.OutboxEntry;
import org.alliancetracker.platform.outbox.OutboxRelay;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.platform.web.Identifiers;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Outcome indicators, one MongoDB document each (definition, measurements, outbox), so that every change and its
 * event on {@code alliance.outcomes} are written by one single-document operation. A definition is fixed once made
 * (repeating it is a no-op); measurements are never overwritten: a new measurement of a period is a new
 * {@code OutcomeMeasured} that supersedes the earlier one, and the history keeps both.
 */
@Service
public class Indicators {

    public static final String COLLECTION = "indicators";
    static final String SOURCE = "/grants-service";
    private static final Bson WITHOUT_OUTBOX = Projections.exclude(OutboxEntry.FIELD);

    private final ReactiveMongoTemplate mongo;
    private final EventCodec codec;
    private final OutboxRelay relay;
    private final Grants grants;

    public Indicators(ReactiveMongoTemplate mongo, EventCodec codec, OutboxRelay relay, Grants grants) {
        this.mongo = mongo;
        this.codec = codec;
        this.relay = relay;
        this.grants = grants;
    }

    /** Defines an indicator ({@code IndicatorDefined}); emits its view and whether it was created now. */
    public Mono<Result> define(IndicatorRequest request) {
        validate(request);
        Mono<Void> grantCheck = request.kind() == IndicatorKind.PROGRAM
                ? grants.find(request.grantId())
                        .filter(grant -> grant.country() != request.country())
                        .flatMap(grant -> Mono.<Void>error(ApiProblem.invalidField("country",
                                "must be the country of grant " + grant.id() + " (" + grant.country() + ")")))
                        .then()
                : Mono.empty();
        StoredDefinition definition = definition(request);
        CloudEvent<AllianceEvent> event = codec.envelope(new IndicatorDefined(request.id(), request.country(),
                request.kind(), request.name(), request.unit(), request.ascending(), request.grantId(),
                request.baseline() == null ? null : periodValue(request.baseline()),
                request.targets().stream().map(Indicators::periodValue).toList()), SOURCE);
        Document document = StoredRecords.toDocument(
                        new StoredIndicator(request.id(), definition, Instant.now(), List.of()))
                .append(OutboxEntry.FIELD, List.of(relay.entry(event)));
        return grantCheck
                .then(collection().flatMap(c -> Mono.from(c.insertOne(document))))
                .doOnNext(inserted -> relay.kick(COLLECTION, request.id()))
                .then(find(request.id()).map(view -> new Result(view, true)))
                .onErrorResume(EventClaims::isDuplicateKey, e -> existing(request.id(), definition));
    }

    /** The same id defined again: a no-op if the definition is the same, a conflict otherwise. */
    private Mono<Result> existing(String id, StoredDefinition definition) {
        return collection()
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).projection(WITHOUT_OUTBOX).first()))
                .map(Indicators::read)
                .flatMap(stored -> definition.equals(stored.definition())
                        ? Mono.just(new Result(IndicatorView.of(stored), false))
                        : Mono.error(new ApiProblem(HttpStatus.CONFLICT, "indicator-exists", "Indicator exists",
                        "Indicator '" + id + "' is already defined differently; a definition cannot change")
                        .with("indicatorId", id)));
    }

    /**
     * Records a measurement ({@code OutcomeMeasured}). Repeating the current actual of the period (same value and
     * source) changes nothing and publishes nothing, so a retried request is harmless; anything else supersedes it.
     */
    public Mono<Result> measure(String indicatorId, MeasurementRequest request) {
        String value = canonical(request.value());
        String period = request.period();
        return document(indicatorId).flatMap(stored -> {
            Country country = stored.definition().country();
            CloudEvent<AllianceEvent> event = codec.envelope(new OutcomeMeasured(indicatorId, country,
                    period, request.value(), request.source()), SOURCE);
            var measurement = new StoredMeasurement(period, value, request.source(), Instant.now(), event.id());
            Bson notTheCurrentActual = Filters.nor(Filters.and(
                    Filters.eq(StoredActual.path(period, StoredActual.VALUE), value),
                    Filters.eq(StoredActual.path(period, StoredActual.SOURCE), request.source())));
            Bson change = Updates.combine(
                    Updates.set(StoredIndicator.LATEST + "." + period,
                            StoredRecords.toDocument(new StoredActual(value, request.source()))),
                    Updates.push(StoredIndicator.MEASUREMENTS, StoredRecords.toDocument(measurement)),
                    relay.append(List.of(event)));
            return collection()
                    .flatMap(c -> Mono.from(c.findOneAndUpdate(
                            Filters.and(Filters.eq("_id", indicatorId), notTheCurrentActual), change,
                            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                                    .projection(WITHOUT_OUTBOX))))
                    .doOnNext(after -> relay.kick(COLLECTION, indicatorId))
                    .map(after -> new Result(IndicatorView.of(read(after)), true))
                    .switchIfEmpty(Mono.defer(() -> find(indicatorId).map(view -> new Result(view, false))));
        });
    }

    public Mono<IndicatorView> find(String id) {
        return document(id).map(IndicatorView::of);
    }

    /** The indicators matching every given criterion (null = any), by id. */
    public Flux<IndicatorView> list(Country country, IndicatorKind kind, String grantId) {
        List<Bson> filters = new ArrayList<>();
        if (country != null) {
            filters.add(Filters.eq(StoredIndicator.definitionPath(StoredDefinition.COUNTRY), country.name()));
        }
        if (kind != null) {
            filters.add(Filters.eq(StoredIndicator.definitionPath(StoredDefinition.KIND), kind.name()));
        }
        if (grantId != null) {
            filters.add(Filters.eq(StoredIndicator.definitionPath(StoredDefinition.GRANT_ID), grantId));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        return collection().flatMapMany(c -> Flux.from(c.find(filter).projection(WITHOUT_OUTBOX)
                .sort(Sorts.ascending("_id")))).map(doc -> IndicatorView.of(read(doc)));
    }

    private Mono<StoredIndicator> document(String id) {
        if (!Identifiers.isValid(id)) {
            return Mono.error(() -> ApiProblem.notFound("Indicator", id)); // no indicator has such an id
        }
        return collection()
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", id)).projection(WITHOUT_OUTBOX).first()))
                .map(Indicators::read)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Indicator", id)));
    }

    private static StoredIndicator read(Document indicator) {
        return StoredRecords.fromDocument(indicator, StoredIndicator.class);
    }

    private static void validate(IndicatorRequest request) {
        if (request.kind() == IndicatorKind.PROGRAM && request.grantId() == null) {
            throw ApiProblem.invalidField("grantId", "is required for a PROGRAM indicator");
        }
        if (request.kind() == IndicatorKind.CONTEXT && request.grantId() != null) {
            throw ApiProblem.invalidField("grantId", "must be absent for a CONTEXT indicator");
        }
        var periods = new HashSet<String>();
        for (int i = 0; i < request.targets().size(); i++) {
            if (!periods.add(request.targets().get(i).period())) {
                throw ApiProblem.invalidField("targets[" + i + "].period",
                        "duplicate target period '" + request.targets().get(i).period() + "'");
            }
        }
    }

    /** The definition as stored: strings and booleans only, so that a repeated definition compares equal. */
    private static StoredDefinition definition(IndicatorRequest request) {
        return new StoredDefinition(request.country(), request.kind(), request.name(), request.unit(),
                request.ascending(), request.grantId(),
                request.baseline() == null ? null : storedValue(request.baseline()),
                request.targets().stream().map(Indicators::storedValue).toList());
    }

    private static StoredValue storedValue(IndicatorRequest.Value value) {
        return new StoredValue(value.period(), canonical(value.value()));
    }

    private static PeriodValue periodValue(IndicatorRequest.Value value) {
        return new PeriodValue(value.period(), value.value());
    }

    /** One spelling per number ({@code 60}, {@code 60.0} and {@code 6E+1} are all {@code "60"}). */
    private static String canonical(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private Mono<MongoCollection<Document>> collection() {
        return mongo.getCollection(COLLECTION);
    }

    /** The outcome of a POST: the view, and whether anything was created or recorded (false for a repeat). */
    public record Result(IndicatorView view, boolean changed) {
    }
}
