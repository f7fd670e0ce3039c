package org.alliancetracker.reporting.summary;

import org.alliancetracker.reporting.projection.Views;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
class SummaryController {

    private final ReactiveMongoTemplate mongo;

    SummaryController(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @GetMapping("/api/v1/summary")
    Mono<SummaryView> summary() {
        return mongo.getCollection(Views.FISCAL_YEARS)
                .flatMapMany(c -> Flux.from(c.find()))
                .collectList()
                .map(SummaryView::of);
    }
}
