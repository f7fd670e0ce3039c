package org.alliancetracker.reporting.country;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.reporting.projection.Views;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.model.Filters;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/countries")
class CountryController {

    private final ReactiveMongoTemplate mongo;

    CountryController(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @GetMapping
    Mono<List<CountryView>> all() {
        return mongo.getCollection(Views.COUNTRIES)
                .flatMapMany(c -> Flux.from(c.find()))
                .collectMap(doc -> doc.getString("_id"), Function.identity())
                .map(found -> Arrays.stream(Country.values())
                        .map(country -> CountryView.of(country, found.getOrDefault(country.name(), new Document())))
                        .toList());
    }

    @GetMapping("/{iso2}")
    Mono<CountryView> one(@PathVariable String iso2) {
        Country country = parse(iso2);
        return mongo.getCollection(Views.COUNTRIES)
                .flatMap(c -> Mono.from(c.find(Filters.eq("_id", country.name())).first()))
                .map(doc -> CountryView.of(country, doc))
                .defaultIfEmpty(CountryView.empty(country));
    }

    static Country parse(String iso2) {
        Map<String, Country> known = Arrays.stream(Country.values())
                .collect(Collectors.toMap(Country::name, Function.identity()));
        Country country = known.get(iso2 == null ? "" : iso2.toUpperCase(java.util.Locale.ROOT));
        if (country == null) {
            throw ApiProblem.notFound("Country", iso2).with("known", known.keySet().stream().sorted().toList());
        }
        return country;
    }
}
