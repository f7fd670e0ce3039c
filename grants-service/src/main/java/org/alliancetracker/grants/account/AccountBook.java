package org.alliancetracker.grants.account;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.appropriation.Account;
import org.alliancetracker.grants.allocation.StoredAllocation;
import org.alliancetracker.grants.budget.BudgetYear;
import org.alliancetracker.grants.budget.BudgetYears;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.web.ApiProblem;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * The accounts of a fiscal year's appropriation as its document keeps them ({@code accounts.<code>}): reading them,
 * checking the accounts of a PUT, and the conditional update that restates them. A year enacted before accounts
 * existed has no {@code accounts} field and reads as one {@link Account#UNSPLIT} account with the default period.
 */
@Component
public class AccountBook {

    private final BudgetYears years;

    public AccountBook(BudgetYears years) {
        this.years = years;
    }

    /** The accounts of an enacted year, by code in the order enacted. */
    public Map<String, StoredAccount> accounts(int fiscalYear, Document year) {
        return accounts(fiscalYear, years.read(year));
    }

    public Map<String, StoredAccount> accounts(int fiscalYear, BudgetYear year) {
        Map<String, StoredAccount> result = new LinkedHashMap<>();
        if (year.accountsStored()) {
            result.putAll(year.accounts());
            return result;
        }
        if (year.enacted() != null) {
            long amount = year.enacted().cents();
            long allocated = year.allocated();
            LocalDate until = Account.defaultAvailableUntil(fiscalYear);
            result.put(Account.UNSPLIT, new StoredAccount(amount, until.toString(), Account.closesOn(until).toString(),
                    allocated, 0L, amount - allocated));
        }
        return result;
    }

    /** Whether the document stores its accounts (a year enacted before accounts existed does not). */
    public boolean stored(Document year) {
        return years.read(year).accountsStored();
    }

    /** What the allocations of each account have obligated. */
    public Map<String, Long> obligatedByAccount(Document year) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (StoredAllocation a : allocations(year).values()) {
            result.merge(a.accountOrDefault(), a.obligatedCents(), Long::sum);
        }
        return result;
    }

    public Map<String, StoredAllocation> allocations(Document year) {
        return years.read(year).allocations();
    }

    public StoredAllocation allocation(Document year, String allocationId) {
        return allocations(year).get(allocationId);
    }

    /**
     * The accounts a PUT asks for, checked (422 naming the field): codes unique, Σ amounts = the appropriation's
     * amount, {@code availableUntil} not before the fiscal year starts. No accounts: one {@link Account#UNSPLIT}.
     */
    public static List<Account> requested(int fiscalYear, BigDecimal amount, List<AccountRequest> accounts) {
        if (accounts == null || accounts.isEmpty()) {
            return List.of(new Account(Account.UNSPLIT, Money.normalize(amount),
                    Account.defaultAvailableUntil(fiscalYear)));
        }
        LocalDate start = LocalDate.of(fiscalYear - 1, 10, 1);
        var codes = new HashSet<AccountCode>();
        BigDecimal total = BigDecimal.ZERO;
        List<Account> result = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            AccountRequest a = accounts.get(i);
            if (!codes.add(a.code())) {
                throw ApiProblem.invalidField("accounts[" + i + "].code", "duplicate account '" + a.code() + "'");
            }
            LocalDate until = a.availableUntil() == null ? Account.defaultAvailableUntil(fiscalYear) : a.availableUntil();
            if (until.isBefore(start)) {
                throw ApiProblem.invalidField("accounts[" + i + "].availableUntil",
                        "must not be before FY" + fiscalYear + " starts (" + start + ")");
            }
            total = total.add(a.amount());
            result.add(new Account(a.code().name(), Money.normalize(a.amount()), until));
        }
        if (total.compareTo(amount) != 0) {
            throw ApiProblem.invalidField("accounts", "amounts add up to " + Money.normalize(total)
                    + ", not the appropriation's " + Money.normalize(amount));
        }
        return result;
    }

    /** The {@code accounts} field of a newly enacted year. */
    public static Document document(List<Account> accounts) {
        Document map = new Document();
        for (Account a : accounts) {
            long cents = Money.toCents(a.amount());
            map.put(a.code(), new StoredAccount(cents, a.availableUntil().toString(),
                    Account.closesOn(a.availableUntil()).toString(), 0L, 0L, cents).toDocument());
        }
        return map;
    }

    /** Whether the stored accounts are exactly these (codes, amounts, periods). */
    public boolean same(int fiscalYear, Document year, List<Account> accounts) {
        Map<String, StoredAccount> current = accounts(fiscalYear, year);
        if (current.size() != accounts.size()) {
            return false;
        }
        for (Account a : accounts) {
            StoredAccount s = current.get(a.code());
            if (s == null || s.amountCents() != Money.toCents(a.amount())
                    || !s.availableUntil().equals(a.availableUntil().toString())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The condition and change that restate an enacted year's accounts: each amount moves by its delta ({@code $inc},
     * so concurrent allocations are never overwritten) and may not go below what the account has allocated or
     * rescinded; an account with allocations cannot be removed (409 {@code account-in-use}).
     */
    public Restatement restate(int fiscalYear, Document year, List<Account> accounts) {
        BudgetYear stored = years.read(year);
        Map<String, StoredAccount> current = accounts(fiscalYear, stored);
        List<Bson> conditions = new ArrayList<>();
        List<Bson> changes = new ArrayList<>();
        if (!stored.accountsStored()) {
            // enacted before accounts existed: the one unsplit account holds every allocation so far
            long allocated = stored.allocated();
            boolean onlyUnsplit = accounts.size() == 1 && accounts.get(0).code().equals(Account.UNSPLIT);
            if (allocated > 0 && !onlyUnsplit) {
                throw AccountProblems.accountInUse(fiscalYear, Account.UNSPLIT);
            }
            Document map = document(accounts);
            if (allocated > 0) {
                long amount = Money.toCents(accounts.get(0).amount());
                if (amount < allocated) {
                    throw AccountProblems.accountInUse(fiscalYear, Account.UNSPLIT);
                }
                LocalDate until = accounts.get(0).availableUntil();
                map.put(Account.UNSPLIT, new StoredAccount(amount, until.toString(), Account.closesOn(until).toString(),
                        allocated, 0L, amount - allocated).toDocument());
            }
            conditions.add(Filters.exists(StoredAccount.MAP, false));
            conditions.add(Filters.eq(BudgetYear.ALLOCATED, allocated));
            changes.add(Updates.set(StoredAccount.MAP, map));
            return new Restatement(conditions, changes);
        }
        var kept = new HashSet<String>();
        for (Account a : accounts) {
            kept.add(a.code());
            long cents = Money.toCents(a.amount());
            StoredAccount before = current.get(a.code());
            if (before == null) {
                conditions.add(Filters.exists(StoredAccount.MAP + "." + a.code(), false));
                changes.add(Updates.set(StoredAccount.MAP + "." + a.code(), document(List.of(a)).get(a.code())));
                continue;
            }
            long delta = cents - before.amountCents();
            if (delta < 0) {
                if (before.unallocatedCents() < -delta) {
                    throw AccountProblems.accountInUse(fiscalYear, a.code());
                }
                conditions.add(Filters.gte(StoredAccount.path(a.code(), StoredAccount.UNALLOCATED), -delta));
            }
            if (delta != 0) {
                changes.add(Updates.inc(StoredAccount.path(a.code(), StoredAccount.AMOUNT), delta));
                changes.add(Updates.inc(StoredAccount.path(a.code(), StoredAccount.UNALLOCATED), delta));
            }
            changes.add(Updates.set(StoredAccount.path(a.code(), StoredAccount.AVAILABLE_UNTIL),
                    a.availableUntil().toString()));
            changes.add(Updates.set(StoredAccount.path(a.code(), StoredAccount.CLOSES_ON),
                    Account.closesOn(a.availableUntil()).toString()));
        }
        for (var entry : current.entrySet()) {
            if (!kept.contains(entry.getKey())) {
                StoredAccount removed = entry.getValue();
                if (removed.allocatedCents() != 0 || removed.rescindedCents() != 0) {
                    throw AccountProblems.accountInUse(fiscalYear, entry.getKey());
                }
                conditions.add(Filters.eq(StoredAccount.path(entry.getKey(), StoredAccount.ALLOCATED), 0L));
                conditions.add(Filters.eq(StoredAccount.path(entry.getKey(), StoredAccount.RESCINDED), 0L));
                changes.add(Updates.unset(StoredAccount.MAP + "." + entry.getKey()));
            }
        }
        return new Restatement(conditions, changes);
    }

    /** The extra conditions and changes of a restatement's update. */
    public record Restatement(List<Bson> conditions, List<Bson> changes) {
    }
}
