package org.alliancetracker.grants.grant;

import org.alliancetracker.platform.messaging.EventClaims;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.platform.web.Identifiers;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Mono;

/**
 * Grant ids are unique across all fiscal years: the first award of an id binds it to its year here (unique
 * {@code _id}), and the year's document then refuses a second grant with that id. The binding is permanent, also
 * when the award itself is refused, so that any later use of the id in that year is checked by that year's document.
 */
@Component
class GrantIds {

    static final String COLLECTION = "grant_ids";

    private final ReactiveMongoTemplate mongo;

    GrantIds(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Binds the id to the year, or confirms it is already bound to it; 409 if bound to another year. */
    Mono<Void> bind(String grantId, int fiscalYear) {
        return mongo.getCollection(COLLECTION)
                .flatMap(c -> Mono.from(
                        c.insertOne(StoredRecords.toDocument(new GrantIdBinding(grantId, fiscalYear)))))
                .then()
                .onErrorResume(EventClaims::isDuplicateKey, e -> fiscalYearOf(grantId)
                        .filter(bound -> bound != fiscalYear)
                        .flatMap(bound -> Mono.error(new ApiProblem(HttpStatus.CONFLICT, "grant-exists",
                                "Grant already exists", "Grant id '" + grantId + "' is already used in FY" + bound)
                                .with("grantId", grantId)))
                        .then());
    }

    Mono<Integer> fiscalYearOf(String grantId) {
        if (!Identifiers.isValid(grantId)) {
            return Mono.empty(); // no grant was ever awarded under such an id
        }
        return mongo.getCollection(COLLECTION)
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", grantId)).first()))
                .map(doc -> StoredRecords.fromDocument(doc, GrantIdBinding.class).fiscalYear());
    }
}
