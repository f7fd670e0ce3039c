package org.alliancetracker.reporting.country;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.Country;
import org.alliancetracker.reporting.indicator.IndicatorView;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.alliancetracker.reporting.projection.ViewStore;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Assembles country views: the current one from the view documents kept by events, or the one as of a date from the
 * facts with a value date up to it (money summed exactly in Java: every operator used on MongoDB is a plain
 * {@code find}). Grants and indicators come from their own views in both cases.
 */
@Component
public class CountryViews {

    private final ViewStore store;
    private final Generations generations;

    public CountryViews(ViewStore store, Generations generations) {
        this.store = store;
        this.generations = generations;
    }

    /** The current view of one country. */
    public Mono<CountryView> current(Country country) {
        return current(List.of(country)).map(List::getFirst);
    }

    /** The current views of these countries, in the given order. */
    public Mono<List<CountryView>> current(List<Country> countries) {
        Mono<Map<Country, CountryFigures>> figures = find(generations.current().name(Views.COUNTRIES),
                countryFilter("_id", countries))
                .collectList()
                .map(docs -> {
                    Map<Country, CountryFigures> byCountry = new EnumMap<>(Country.class);
                    docs.forEach(doc -> byCountry.put(Country.valueOf(doc.getString("_id")), CountryFigures.of(doc)));
                    return byCountry;
                });
        return assemble(countries, null, figures);
    }

    /** The view of one country as it stood at the end of {@code asOf}. */
    public Mono<CountryView> asOf(Country country, LocalDate asOf) {
        return asOf(List.of(country), asOf).map(List::getFirst);
    }

    public Mono<List<CountryView>> asOf(List<Country> countries, LocalDate asOf) {
        return asOf(countries, asOf, null);
    }

    /** As of the end of {@code asOf}, with only the facts recorded by {@code knownAt} (all when null). */
    public Mono<List<CountryView>> asOf(List<Country> countries, LocalDate asOf, java.time.Instant knownAt) {
        Bson filter = Filters.and(countryFilter(Facts.COUNTRY, countries),
                Filters.in(Facts.FIGURE, Facts.ALLOCATED, Facts.OBLIGATED, Facts.DISBURSED),
                Filters.lte(Facts.VALUE_DATE, asOf.toString()),
                knownAt == null ? new Document() : Filters.lte(Facts.EVENT_TIME, java.util.Date.from(knownAt)));
        String facts = generations.current().name(Views.FACTS);
        Mono<Map<Country, CountryFigures>> figures = Flux.from(store.collection(facts).find(filter)
                        .projection(Projections.include(Facts.COUNTRY, Facts.FIGURE, Facts.AMOUNT_CENTS,
                                Facts.FISCAL_YEAR, Facts.PILLAR, Facts.AGENCY, Facts.VALUE_DATE, Facts.EVENT_TIME)))
                .collect(() -> new EnumMap<Country, CountryFigures>(Country.class), (byCountry, fact) ->
                        byCountry.computeIfAbsent(Country.valueOf(fact.getString(Facts.COUNTRY)),
                                c -> new CountryFigures()).add(fact))
                .map(m -> m);
        return assemble(countries, asOf, figures);
    }

    private Mono<List<CountryView>> assemble(List<Country> countries, LocalDate asOf,
                                             Mono<Map<Country, CountryFigures>> figures) {
        Mono<Map<Country, List<Document>>> grants = byCountry(find(generations.current().name(Views.GRANTS),
                countryFilter("country", countries))
                .filter(grant -> asOf == null || grant.getString("obligatedOn") != null
                        && grant.getString("obligatedOn").compareTo(asOf.toString()) <= 0));
        Mono<Map<Country, List<Document>>> indicators = byCountry(
                find(generations.current().name(Views.INDICATORS), countryFilter("country", countries)));
        return Mono.zip(figures, grants, indicators).map(found -> {
            List<CountryView> views = new ArrayList<>(countries.size());
            for (Country country : countries) {
                List<IndicatorView> indicatorViews = found.getT3().getOrDefault(country, List.of()).stream()
                        .map(doc -> IndicatorView.of(doc, asOf)).toList();
                views.add(CountryView.of(country, asOf, found.getT1().getOrDefault(country, new CountryFigures()),
                        GrantStatusCounts.of(found.getT2().getOrDefault(country, List.of()), asOf), indicatorViews));
            }
            return views;
        });
    }

    private Flux<Document> find(String collection, Bson filter) {
        return Flux.from(store.collection(collection).find(filter).sort(Sorts.ascending("_id")));
    }

    private static Mono<Map<Country, List<Document>>> byCountry(Flux<Document> documents) {
        return documents.collect(() -> new EnumMap<Country, List<Document>>(Country.class), (map, doc) -> {
            String country = doc.getString("country");
            if (country != null && Arrays.stream(Country.values()).anyMatch(c -> c.name().equals(country))) {
                map.computeIfAbsent(Country.valueOf(country), c -> new ArrayList<>()).add(doc);
            }
        }).map(m -> m);
    }

    private static Bson countryFilter(String field, List<Country> countries) {
        return Filters.in(field, countries.stream().map(Country::name).toList());
    }
}
