package org.alliancetracker.reporting.country;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.reporting.indicator.IndicatorView;
import org.alliancetracker.reporting.indicator.StoredIndicator;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.ViewStore;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.StoredCountryView;
import org.alliancetracker.reporting.projection.Views;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Assembles country views: the current one from the view documents kept by events, or the one as of a date (and as
 * known at an instant) from the facts with a value date up to it and recorded by then (money summed exactly in
 * Java: every operator used on MongoDB is a plain {@code find}). Grants and indicators come from their own views in
 * both cases, read as of the same date and known at the same instant (their status histories and measurements
 * carry their recording times).
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
                    docs.forEach(doc -> {
                        StoredCountryView view = StoredRecords.fromDocument(doc, StoredCountryView.class);
                        byCountry.put(Country.valueOf(view.country()), CountryFigures.of(view));
                    });
                    return byCountry;
                });
        return assemble(countries, null, null, figures);
    }

    /** The view of one country as it stood at the end of {@code asOf}. */
    public Mono<CountryView> asOf(Country country, LocalDate asOf) {
        return asOf(List.of(country), asOf).map(List::getFirst);
    }

    public Mono<List<CountryView>> asOf(List<Country> countries, LocalDate asOf) {
        return asOf(countries, asOf, null);
    }

    /** As of the end of {@code asOf}, with only the facts recorded by {@code knownAt} (all when null). */
    public Mono<List<CountryView>> asOf(List<Country> countries, LocalDate asOf, Instant knownAt) {
        Set<String> names = countries.stream().map(Country::name).collect(Collectors.toSet());
        Mono<Map<Country, CountryFigures>> figures = Flux.from(store.collection(generations.current().name(Views.FACTS))
                        .find(moneyFacts(countries, asOf, knownAt)))
                .map(doc -> StoredRecords.fromDocument(doc, MoneyFact.class))
                .collect(() -> new EnumMap<Country, CountryFigures>(Country.class), (byCountry, fact) -> {
                    for (MoneyFact.Move move : fact.moves()) {
                        if (names.contains(move.country())) {
                            byCountry.computeIfAbsent(Country.valueOf(move.country()), c -> new CountryFigures())
                                    .add(fact, move);
                        }
                    }
                })
                .map(m -> m);
        return assemble(countries, asOf, knownAt, figures);
    }

    /**
     * The facts behind the money figures of these countries: allocations, obligations and disbursements of theirs,
     * and the reprogrammings from or to one of their allocations.
     */
    static Bson moneyFacts(List<Country> countries, LocalDate asOf, Instant knownAt) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.or(
                Filters.and(countryFilter(Facts.COUNTRY, countries),
                        Filters.in(Facts.FIGURE, Facts.ALLOCATED, Facts.OBLIGATED, Facts.DISBURSED)),
                Filters.and(Filters.eq(Facts.KIND, Facts.REPROGRAMMING), Filters.or(
                        countryFilter(Facts.FROM_COUNTRY, countries), countryFilter(Facts.TO_COUNTRY, countries)))),
                Filters.lte(Facts.VALUE_DATE, asOf.toString())));
        if (knownAt != null) {
            filters.add(Filters.lte(Facts.EVENT_TIME, Date.from(knownAt)));
        }
        return Filters.and(filters);
    }

    private Mono<List<CountryView>> assemble(List<Country> countries, LocalDate asOf, Instant knownAt,
                                             Mono<Map<Country, CountryFigures>> figures) {
        Mono<Map<Country, List<StatusOfGrant>>> grants = byCountry(
                find(generations.current().name(Views.GRANTS), countryFilter("country", countries))
                        .map(doc -> StoredRecords.fromDocument(doc, StatusOfGrant.class))
                        .filter(grant -> asOf == null || grant.obligatedOn() != null
                                && grant.obligatedOn().compareTo(asOf.toString()) <= 0),
                StatusOfGrant::country);
        Mono<Map<Country, List<StoredIndicator>>> indicators = byCountry(
                find(generations.current().name(Views.INDICATORS), countryFilter("country", countries))
                        .map(doc -> StoredRecords.fromDocument(doc, StoredIndicator.class))
                        .filter(indicator -> IndicatorView.known(indicator, knownAt)),
                StoredIndicator::country);
        return Mono.zip(figures, grants, indicators).map(found -> {
            List<CountryView> views = new ArrayList<>(countries.size());
            for (Country country : countries) {
                List<IndicatorView> indicatorViews = found.getT3().getOrDefault(country, List.of()).stream()
                        .map(indicator -> IndicatorView.of(indicator, asOf, knownAt)).toList();
                views.add(CountryView.of(country, asOf, found.getT1().getOrDefault(country, new CountryFigures()),
                        GrantStatusCounts.of(found.getT2().getOrDefault(country, List.of()), asOf, knownAt),
                        indicatorViews));
            }
            return views;
        });
    }

    private Flux<Document> find(String collection, Bson filter) {
        return Flux.from(store.collection(collection).find(filter).sort(Sorts.ascending("_id")));
    }

    private static <T> Mono<Map<Country, List<T>>> byCountry(Flux<T> documents, Function<T, String> countryOf) {
        Set<String> known = Arrays.stream(Country.values()).map(Country::name).collect(Collectors.toSet());
        return documents.collect(() -> new EnumMap<Country, List<T>>(Country.class), (map, doc) -> {
            String country = countryOf.apply(doc);
            if (country != null && known.contains(country)) {
                map.computeIfAbsent(Country.valueOf(country), c -> new ArrayList<>()).add(doc);
            }
        }).map(m -> m);
    }

    private static Bson countryFilter(String field, List<Country> countries) {
        return Filters.in(field, countries.stream().map(Country::name).toList());
    }
}
