package org.alliancetracker.reporting.projection;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The indexes a real MongoDB uses for the drill-down, as-of and export queries (mongo-java-server ignores non-unique
 * indexes; nothing relies on them for correctness). Created at start for the current generation, and by a rebuild for the generation it writes.
 */
@Component
public class ViewIndexes implements ApplicationRunner {

    private final ReactiveMongoTemplate mongo;
    private final Generations generations;

    public ViewIndexes(ReactiveMongoTemplate mongo, Generations generations) {
        this.mongo = mongo;
        this.generations = generations;
    }

    @Override
    public void run(ApplicationArguments args) {
        ensure(generations.current()).block(Duration.ofSeconds(30));
    }

    /** The indexes of one generation's collections (a rebuild creates them before it writes a new generation). */
    public Mono<Void> ensure(Generation generation) {
        return Flux.concat(
                create(generation.name(Views.FACTS), List.of(
                        new IndexModel(Indexes.ascending(Facts.COUNTRY, Facts.VALUE_DATE)),
                        new IndexModel(Indexes.ascending(Facts.GRANT_ID, Facts.VALUE_DATE)),
                        new IndexModel(Indexes.ascending(Facts.FISCAL_YEAR, Facts.VALUE_DATE)))),
                create(generation.name(Views.GRANTS), List.of(new IndexModel(Indexes.ascending("country")))),
                create(generation.name(Views.INDICATORS), List.of(new IndexModel(Indexes.ascending("country")),
                        new IndexModel(Indexes.ascending("grantId")))),
                create(generation.name(Views.COUNTRIES), List.of(new IndexModel(Indexes.ascending("dirty")))))
                .then();
    }

    private Mono<Void> create(String collection, List<IndexModel> indexes) {
        return mongo.getCollection(collection)
                .flatMapMany(c -> Flux.from(c.createIndexes(indexes)))
                .then()
                .onErrorResume(e -> Mono.empty()); // an index is an optimisation: never a reason not to start
    }

}
