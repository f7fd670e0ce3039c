package org.alliancetracker.grants.appropriation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.grants.account.AccountView;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.grants.budget.BudgetYear;

/**
 * An appropriation as the API shows it. {@code withheld} is what is still held back, {@code released} what was
 * certified, {@code available} = enacted − withheld − allocated − rescinded; {@code accounts} with their status today.
 */
public record AppropriationView(int fiscalYear, AppropriationStage stage, BigDecimal requested, BigDecimal enacted,
                                String source, List<WithholdingView> withholdings, BigDecimal withheld,
                                BigDecimal released, BigDecimal allocated, BigDecimal available,
                                BigDecimal rescinded, List<AccountView> accounts) {

    /** The year's total rescinded (cents), kept beside allocated and available. */
    static final String RESCINDED = org.alliancetracker.grants.rescission.Rescissions.RESCINDED;

    public record WithholdingView(String id, BigDecimal percent, BigDecimal amount, String condition,
                                  boolean released, LocalDate certifiedOn, String note) {
    }

    static AppropriationView of(BudgetYear budget, List<AccountView> accounts) {
        AppropriationStage stage = budget.stage();
        BudgetYear.Amount requested = budget.requested();
        BudgetYear.Amount enacted = budget.enacted();
        BudgetYear.Amount current = stage == AppropriationStage.ENACTED ? enacted : requested;
        List<WithholdingView> withholdings = new ArrayList<>();
        long withheld = 0;
        long released = 0;
        for (var entry : budget.withholdings().entrySet()) {
            StoredWithholding w = entry.getValue();
            if (w.isReleased()) {
                released += w.amountCents();
            } else {
                withheld += w.amountCents();
            }
            withholdings.add(new WithholdingView(entry.getKey(), w.percentValue(), Money.fromCents(w.amountCents()),
                    w.condition(), w.isReleased(), w.certifiedOnDate(), w.note()));
        }
        return new AppropriationView(budget.fiscalYear(), stage,
                requested == null ? null : Money.fromCents(requested.cents()),
                enacted == null ? null : Money.fromCents(enacted.cents()),
                current.source(), withholdings,
                Money.fromCents(withheld), Money.fromCents(released),
                Money.fromCents(budget.allocated()), Money.fromCents(budget.available()),
                Money.fromCents(budget.rescinded()), accounts);
    }
}
