package org.alliancetracker.grants.allocation;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.grants.appropriation.AppropriationStage;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.web.ApiProblem;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Assigns part of an enacted appropriation to a country and pillar. The rule Σ allocations ≤ enacted − withheld is
 * one conditional update on the year's {@code availableCents}: however many requests race, exactly those that fit
 * are accepted.
 */
@Service
public class Allocations {

    private static final Comparator<AllocationView> ORDER = Comparator.comparing(AllocationView::country)
            .thenComparing(AllocationView::pillar).thenComparing(AllocationView::id);

    private final BudgetYears years;

    public Allocations(BudgetYears years) {
        this.years = years;
    }

    public Mono<AllocationView> allocate(AllocationRequest request) {
        int fiscalYear = request.fiscalYear();
        long cents = Money.toCents(request.amount());
        String id = AllocationIds.next(fiscalYear, request.country(), request.pillar());
        LocalDate today = LocalDate.now();
        Document allocation = new Document("fiscalYear", fiscalYear)
                .append("country", request.country().name())
                .append("pillar", request.pillar().name())
                .append("amountCents", cents)
                .append("obligatedCents", 0L)
                .append("allocatedOn", today.toString());
        var event = new AllocationMade(id, fiscalYear, request.country(), request.pillar(),
                Money.normalize(request.amount()), today);
        return years.change(fiscalYear,
                        Filters.and(Filters.eq("stage", AppropriationStage.ENACTED.name()),
                                Filters.gte("availableCents", cents)),
                        Updates.combine(
                                Updates.inc("availableCents", -cents),
                                Updates.inc("allocatedCents", cents),
                                Updates.set("allocations." + id, allocation)),
                        List.of(event), false)
                .map(doc -> AllocationView.of(id, allocation))
                .switchIfEmpty(Mono.defer(() -> refusal(fiscalYear)));
    }

    public Mono<AllocationView> find(String id) {
        var fiscalYear = AllocationIds.fiscalYearOf(id);
        if (fiscalYear.isEmpty()) {
            return Mono.error(ApiProblem.notFound("Allocation", id));
        }
        return years.find(fiscalYear.getAsInt())
                .mapNotNull(doc -> doc.get("allocations", new Document()).get(id, Document.class))
                .map(allocation -> AllocationView.of(id, allocation))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Allocation", id)));
    }

    /** The allocations matching every given criterion (null = any), by fiscal year, then country, pillar and id. */
    public Flux<AllocationView> list(Integer fiscalYear, Country country, Pillar pillar) {
        return years.findAll(fiscalYear)
                .flatMapIterable(doc -> {
                    Document allocations = doc.get("allocations", new Document());
                    return allocations.keySet().stream()
                            .map(id -> AllocationView.of(id, allocations.get(id, Document.class)))
                            .filter(a -> country == null || a.country() == country)
                            .filter(a -> pillar == null || a.pillar() == pillar)
                            .sorted(ORDER)
                            .toList();
                });
    }

    /** Why an allocation did not fit, from the year as it is now. */
    private Mono<AllocationView> refusal(int fiscalYear) {
        return years.find(fiscalYear)
                .filter(doc -> doc.containsKey("stage"))
                .switchIfEmpty(Mono.error(() -> new ApiProblem(HttpStatus.CONFLICT, "appropriation-not-enacted",
                        "No enacted appropriation", "FY" + fiscalYear + " has no appropriation yet")
                        .with("fiscalYear", fiscalYear)))
                .flatMap(doc -> {
                    if (!AppropriationStage.ENACTED.name().equals(doc.getString("stage"))) {
                        return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "appropriation-not-enacted",
                                "No enacted appropriation", "FY" + fiscalYear + " is only " + doc.getString("stage")
                                + "; allocations need an enacted appropriation").with("fiscalYear", fiscalYear));
                    }
                    var available = Money.fromCents(doc.get("availableCents", 0L));
                    return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "exceeds-available-funds",
                            "Exceeds available funds", "FY" + fiscalYear + " has " + available
                            + " available (enacted minus still withheld minus allocated)")
                            .with("fiscalYear", fiscalYear).with("available", available));
                });
    }
}
