package org.alliancetracker.grants.appropriation;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.alliancetracker.grants.account.AccountBook;
import org.alliancetracker.grants.account.AccountView;
import org.alliancetracker.grants.budget.BudgetYear;
import org.alliancetracker.grants.budget.BudgetYears;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Builds the API's view of a year's appropriation, with its accounts as they stand today (the clock's day). */
@Component
public class AppropriationViews {

    private final AccountBook book;
    private final BudgetYears years;
    private final Clock clock;

    public AppropriationViews(AccountBook book, BudgetYears years, Clock clock) {
        this.book = book;
        this.years = years;
        this.clock = clock;
    }

    public AppropriationView of(Document year) {
        BudgetYear budget = years.read(year);
        int fiscalYear = budget.fiscalYear();
        LocalDate today = LocalDate.now(clock);
        Map<String, Long> obligated = book.obligatedByAccount(year);
        List<AccountView> accounts = book.accounts(fiscalYear, year).entrySet().stream()
                .map(e -> AccountView.of(e.getKey(), e.getValue(), obligated.getOrDefault(e.getKey(), 0L), today))
                .toList();
        return AppropriationView.of(budget, accounts);
    }
}
