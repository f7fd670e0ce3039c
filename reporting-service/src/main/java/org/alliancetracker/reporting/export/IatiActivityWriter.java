package org.alliancetracker.reporting.export;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.platform.iati.IatiCodes;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.indicator.IndicatorView;
import org.alliancetracker.reporting.indicator.Periods;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Projection;
import org.alliancetracker.reporting.transaction.Transaction;

/**
 * Writes one grant as an IATI 2.03 {@code iati-activity}, elements in the order the schema requires, meeting the
 * IATI Validator's 2.03 rules (checked by {@code IatiValidationIT}):
 * <ul>
 *   <li>{@code iati-identifier} = the reporting organisation's ref + {@code -} + grant id; the reporting organisation
 *       is the grant's agency's ({@link ReportingProperties.Iati#organisationOf}: USAID {@code US-GOV-1}, State
 *       {@code US-GOV-11});</li>
 *   <li>participating organisations with {@code @ref}: 1 funding and 3 extending, the agency; 4 implementing, each
 *       implementing partner (with its organisation type);</li>
 *   <li>activity status from the grant's status (2 implementation, 6 suspended, 4 closed); dates: planned start and
 *       end, actual start at the first disbursement, actual end at closure (never in the future);</li>
 *   <li>recipient country and sectors (vocabulary 1, percentages; a grant without sectors of its own is reported
 *       under its pillar's default sector) at activity level only (rules 6.6.2 and 3.6.2 forbid both levels);</li>
 *   <li>collaboration type, default flow, finance and aid type and tied status of the agency;</li>
 *   <li>one budget per U.S. fiscal year from the obligation by year ({@link FiscalYearBudgets});</li>
 *   <li>transactions: 2 outgoing commitment for the award and each amendment, 3 disbursement for each disbursement
 *       and, negative, each reversal, from the agency ({@code provider-org}) to the prime partner
 *       ({@code receiver-org});</li>
 *   <li>a result for each PROGRAM indicator.</li>
 * </ul>
 */
final class IatiActivityWriter {

    static final String VERSION = "2.03";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final ReportingProperties.Iati iati;
    private final IatiCodes codes;

    IatiActivityWriter(ReportingProperties.Iati iati, IatiCodes codes) {
        this.iati = iati;
        this.codes = codes;
        List<ReportingProperties.Organisation> organisations = new ArrayList<>(iati.agencies().values());
        organisations.add(iati.defaultOrganisation());
        for (ReportingProperties.Organisation org : organisations) {
            require(IatiCodes.ORGANISATION_TYPE, org.type());
            require(IatiCodes.FLOW_TYPE, org.flowType());
            require(IatiCodes.FINANCE_TYPE, org.financeType());
            require(IatiCodes.AID_TYPE, org.aidType());
            require(IatiCodes.TIED_STATUS, org.tiedStatus());
            require(IatiCodes.COLLABORATION_TYPE, org.collaborationType());
        }
        iati.pillarSectors().values().forEach(code -> require(IatiCodes.SECTOR, code));
    }

    private void require(String codelist, String code) {
        if (!codes.has(codelist, code)) {
            throw new IllegalStateException("alliance.reporting.iati: " + code + " is not a code of the " + codelist
                    + " codelist");
        }
    }

    /** The reporting organisation of the grant's activity. */
    ReportingProperties.Organisation organisationOf(IatiGrant grant) {
        return iati.organisationOf(grant.agency());
    }

    String activity(IatiGrant grant, List<Transaction> transactions, List<IndicatorView> indicators,
                    LocalDate today) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = CleanXmlWriter.wrap(FACTORY.createXMLStreamWriter(out));
            write(xml, grant, transactions, indicators, today);
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("IATI activity of grant " + grant.id() + " not written", e);
        }
        return out.toString();
    }

    private void write(XMLStreamWriter xml, IatiGrant grant, List<Transaction> transactions,
                       List<IndicatorView> indicators, LocalDate today) throws XMLStreamException {
        ReportingProperties.Organisation org = organisationOf(grant);
        Country country = Country.valueOf(grant.country());
        xml.writeCharacters("\n  ");
        xml.writeStartElement("iati-activity");
        if (grant.lastEventAt() != null) {
            xml.writeAttribute("last-updated-datetime", grant.lastEventAt().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        xml.writeAttribute(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "lang", "en");
        xml.writeAttribute("default-currency", Money.USD);

        text(xml, "iati-identifier", org.ref() + "-" + grant.id());
        xml.writeStartElement("reporting-org");
        xml.writeAttribute("ref", org.ref());
        xml.writeAttribute("type", org.type());
        narrative(xml, org.name());
        xml.writeEndElement();
        narrated(xml, "title", grant.title());
        xml.writeStartElement("description");
        xml.writeAttribute("type", "1");
        narrative(xml, "Grant " + grant.id() + " under the Alliance for Prosperity Plan: "
                + grant.pillar().replace('_', ' ').toLowerCase(Locale.ROOT) + " in " + country.displayName()
                + ", fiscal year " + grant.fiscalYear() + ", allocation " + grant.allocationId() + ".");
        xml.writeEndElement();

        participatingOrg(xml, "1", org.ref(), org.type(), org.name());
        participatingOrg(xml, "3", org.ref(), org.type(), org.name());
        for (ImplementingPartner partner : grant.partners()) {
            participatingOrg(xml, "4", partner.ref(), partner.type(), partner.name());
        }

        empty(xml, "activity-status", "code", switch (grant.status() == null ? "" : grant.status()) {
            case Projection.SUSPENDED -> "6";
            case Projection.CLOSED -> "4";
            default -> "2";
        });
        activityDate(xml, "1", grant.startDate());
        LocalDate actualStart = transactions.stream().filter(t -> Facts.DISBURSED.equals(t.figure()))
                .map(Transaction::valueDate).filter(d -> d != null && !d.isAfter(today))
                .min(Comparator.naturalOrder()).orElse(null);
        if (actualStart != null) {
            activityDate(xml, "2", actualStart.toString());
        }
        activityDate(xml, "3", grant.endDate());
        if (Projection.CLOSED.equals(grant.status()) && !grant.statusHistory().isEmpty()) {
            LocalDate closed = LocalDate.parse(grant.statusHistory().getLast().on());
            if (!closed.isAfter(today) && (actualStart == null || !closed.isBefore(actualStart))) {
                activityDate(xml, "4", closed.toString());
            }
        }

        xml.writeStartElement("recipient-country");
        xml.writeAttribute("code", country.name());
        xml.writeAttribute("percentage", "100");
        narrative(xml, country.displayName());
        xml.writeEndElement();
        for (SectorShare sector : grant.reportedSectors(iati.pillarSectors())) {
            xml.writeStartElement("sector");
            xml.writeAttribute("vocabulary", "1");
            xml.writeAttribute("code", sector.code());
            xml.writeAttribute("percentage", sector.percentage().toPlainString());
            narrative(xml, codes.name(IatiCodes.SECTOR, sector.code()).orElse(sector.code()));
            xml.writeEndElement();
        }
        empty(xml, "collaboration-type", "code", org.collaborationType());
        empty(xml, "default-flow-type", "code", org.flowType());
        empty(xml, "default-finance-type", "code", org.financeType());
        xml.writeStartElement("default-aid-type");
        xml.writeAttribute("code", org.aidType());
        xml.writeAttribute("vocabulary", "1");
        xml.writeEndElement();
        empty(xml, "default-tied-status", "code", org.tiedStatus());

        Map<LocalDate, Long> obligations = new TreeMap<>();
        transactions.stream().filter(t -> Facts.OBLIGATED.equals(t.figure()) && t.valueDate() != null)
                .forEach(t -> obligations.merge(t.valueDate(), Money.toCents(t.amount()), Long::sum));
        for (FiscalYearBudgets.Budget budget : FiscalYearBudgets.of(obligations, LocalDate.parse(grant.startDate()),
                LocalDate.parse(grant.endDate()))) {
            xml.writeStartElement("budget");
            xml.writeAttribute("type", "1");
            xml.writeAttribute("status", "2");
            empty(xml, "period-start", "iso-date", budget.start().toString());
            empty(xml, "period-end", "iso-date", budget.end().toString());
            value(xml, budget.start().toString(), Money.fromCents(budget.cents()));
            xml.writeEndElement();
        }

        ImplementingPartner prime = grant.partners().isEmpty() ? null : grant.partners().getFirst();
        for (Transaction transaction : transactions) {
            transaction(xml, transaction, org, prime);
        }
        for (IndicatorView indicator : indicators) {
            result(xml, indicator);
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static void transaction(XMLStreamWriter xml, Transaction transaction, ReportingProperties.Organisation org,
                                    ImplementingPartner prime) throws XMLStreamException {
        String type = Facts.OBLIGATED.equals(transaction.figure()) ? "2" : "3";
        String date = transaction.valueDate().toString();
        xml.writeStartElement("transaction");
        xml.writeAttribute("ref", transaction.eventId());
        empty(xml, "transaction-type", "code", type);
        empty(xml, "transaction-date", "iso-date", date);
        value(xml, date, transaction.amount());
        String description = transaction.description();
        narrated(xml, "description", transaction.kind().toLowerCase(Locale.ROOT)
                + (description == null || description.isBlank() ? "" : ": " + description));
        xml.writeStartElement("provider-org");
        xml.writeAttribute("ref", org.ref());
        xml.writeAttribute("type", org.type());
        narrative(xml, org.name());
        xml.writeEndElement();
        if (prime != null) {
            xml.writeStartElement("receiver-org");
            xml.writeAttribute("ref", prime.ref());
            xml.writeAttribute("type", prime.type());
            narrative(xml, prime.name());
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    /** A PROGRAM indicator as an outcome result (type 2): baseline, then one period per target or actual. */
    private static void result(XMLStreamWriter xml, IndicatorView indicator) throws XMLStreamException {
        xml.writeStartElement("result");
        xml.writeAttribute("type", "2");
        xml.writeAttribute("aggregation-status", "0");
        narrated(xml, "title", indicator.name());
        xml.writeStartElement("indicator");
        String unit = indicator.unit() == null ? "" : indicator.unit();
        xml.writeAttribute("measure", unit.contains("%") || unit.toLowerCase(Locale.ROOT).startsWith("percent")
                ? "2" : "1");
        if (indicator.ascending() != null) {
            xml.writeAttribute("ascending", indicator.ascending() ? "1" : "0");
        }
        narrated(xml, "title", indicator.name() + (unit.isBlank() ? "" : " (" + unit + ")"));
        IndicatorView.PeriodValue baseline = indicator.baseline();
        if (baseline != null && Periods.year(baseline.period()).isPresent()) {
            xml.writeStartElement("baseline");
            xml.writeAttribute("year", Periods.year(baseline.period()).get().toString());
            xml.writeAttribute("value", baseline.value().toPlainString());
            xml.writeEndElement();
        }
        Map<String, BigDecimal[]> periods = new TreeMap<>(Periods.CHRONOLOGICAL);
        indicator.targets().forEach(t -> periods.computeIfAbsent(t.period(), p -> new BigDecimal[2])[0] = t.value());
        indicator.actuals().forEach(a -> periods.computeIfAbsent(a.period(), p -> new BigDecimal[2])[1] = a.value());
        for (var period : periods.entrySet()) {
            var start = Periods.start(period.getKey());
            var end = Periods.end(period.getKey());
            if (start.isEmpty() || end.isEmpty()) {
                continue; // IATI needs the dates of a period
            }
            xml.writeStartElement("period");
            empty(xml, "period-start", "iso-date", start.get().toString());
            empty(xml, "period-end", "iso-date", end.get().toString());
            if (period.getValue()[0] != null) {
                empty(xml, "target", "value", period.getValue()[0].toPlainString());
            }
            if (period.getValue()[1] != null) {
                empty(xml, "actual", "value", period.getValue()[1].toPlainString());
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void participatingOrg(XMLStreamWriter xml, String role, String ref, String type, String name)
            throws XMLStreamException {
        xml.writeStartElement("participating-org");
        xml.writeAttribute("ref", ref);
        xml.writeAttribute("role", role);
        xml.writeAttribute("type", type);
        narrative(xml, name);
        xml.writeEndElement();
    }

    private static void activityDate(XMLStreamWriter xml, String type, String isoDate) throws XMLStreamException {
        if (isoDate != null) {
            xml.writeStartElement("activity-date");
            xml.writeAttribute("type", type);
            xml.writeAttribute("iso-date", LocalDate.parse(isoDate).toString());
            xml.writeEndElement();
        }
    }

    private static void value(XMLStreamWriter xml, String valueDate, BigDecimal amount) throws XMLStreamException {
        xml.writeStartElement("value");
        xml.writeAttribute("currency", Money.USD);
        xml.writeAttribute("value-date", valueDate);
        xml.writeCharacters(Money.normalize(amount).toPlainString());
        xml.writeEndElement();
    }

    private static void narrated(XMLStreamWriter xml, String element, String text) throws XMLStreamException {
        xml.writeStartElement(element);
        narrative(xml, text);
        xml.writeEndElement();
    }

    private static void narrative(XMLStreamWriter xml, String text) throws XMLStreamException {
        xml.writeStartElement("narrative");
        xml.writeCharacters(text == null ? "" : text);
        xml.writeEndElement();
    }

    private static void text(XMLStreamWriter xml, String element, String text) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void empty(XMLStreamWriter xml, String element, String attribute, String value)
            throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeAttribute(attribute, value);
        xml.writeEndElement();
    }
}
