package org.alliancetracker.grants.appropriation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.grants.account.AccountView;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.grants.budget.BudgetYear;
import org.bson.Document;

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

    static AppropriationView of(Document year, BudgetYear budget, List<AccountView> accounts) {
        AppropriationStage stage = AppropriationStage.valueOf(year.getString("stage"));
        Document requested = year.get("requested", Document.class);
        Document enacted = year.get("enacted", Document.class);
        Document current = stage == AppropriationStage.ENACTED ? enacted : requested;
        List<WithholdingView> withholdings = new ArrayList<>();
        long withheld = 0;
        long released = 0;
        Document map = year.get("withholdings", new Document());
        for (String id : map.keySet()) {
            Document w = map.get(id, Document.class);
            boolean isReleased = w.getBoolean("released", false);
            long cents = w.getLong("amountCents");
            if (isReleased) {
                released += cents;
            } else {
                withheld += cents;
            }
            String certifiedOn = w.getString("certifiedOn");
            withholdings.add(new WithholdingView(id, new BigDecimal(w.getString("percent")), Money.fromCents(cents),
                    w.getString("condition"), isReleased, certifiedOn == null ? null : LocalDate.parse(certifiedOn),
                    w.getString("note")));
        }
        return new AppropriationView(year.getInteger("_id"), stage,
                requested == null ? null : Money.fromCents(requested.getLong("amountCents")),
                enacted == null ? null : Money.fromCents(enacted.getLong("amountCents")),
                current.getString("source"), withholdings,
                Money.fromCents(withheld), Money.fromCents(released),
                Money.fromCents(budget.allocated()), Money.fromCents(budget.available()),
                Money.fromCents(budget.rescinded()), accounts);
    }
}
