package org.alliancetracker.reporting.export;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.indicator.IndicatorView;
import org.alliancetracker.reporting.indicator.Periods;
import org.alliancetracker.reporting.projection.Cents;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Projection;
import org.bson.Document;

/**
 * Writes one grant as an IATI 2.03 {@code iati-activity}, elements in the order the schema requires:
 * identifier, reporting-org, title, description, participating-orgs (1 funding: the U.S. Government; 3 extending and
 * 4 implementing: the agency that holds the grant, as the events name no implementing partner), activity-status,
 * activity-dates (planned start and end, actual end once closed), recipient-country, one budget (the current
 * obligation over the grant period), transactions (type 2 outgoing commitment for the award and each amendment,
 * type 3 disbursement for each disbursement and, negative, each reversal) and a result for each PROGRAM indicator.
 */
final class IatiActivityWriter {

    static final String VERSION = "2.03";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final ReportingProperties.Iati org;

    IatiActivityWriter(ReportingProperties.Iati org) {
        this.org = org;
    }

    String activity(Document grant, List<Document> facts, List<IndicatorView> indicators) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = CleanXmlWriter.wrap(FACTORY.createXMLStreamWriter(out));
            write(xml, grant, facts, indicators);
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("IATI activity of grant " + grant.get("_id") + " not written", e);
        }
        return out.toString();
    }

    private void write(XMLStreamWriter xml, Document grant, List<Document> facts, List<IndicatorView> indicators)
            throws XMLStreamException {
        String grantId = grant.getString("_id");
        Country country = Country.valueOf(grant.getString("country"));
        String agency = grant.getString("agency");
        xml.writeCharacters("\n  ");
        xml.writeStartElement("iati-activity");
        Date updated = grant.getDate("lastEventAt");
        if (updated != null) {
            xml.writeAttribute("last-updated-datetime", updated.toInstant().toString());
        }
        xml.writeAttribute(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "lang", "en");
        xml.writeAttribute("default-currency", Money.USD);

        text(xml, "iati-identifier", org.reportingOrgRef() + "-" + grantId);
        xml.writeStartElement("reporting-org");
        xml.writeAttribute("ref", org.reportingOrgRef());
        xml.writeAttribute("type", org.reportingOrgType());
        narrative(xml, org.reportingOrgName());
        xml.writeEndElement();
        narrated(xml, "title", grant.getString("title"));
        narrated(xml, "description", "Grant " + grantId + " under the Alliance for Prosperity Plan: "
                + grant.getString("pillar").replace('_', ' ').toLowerCase(Locale.ROOT) + " in "
                + country.displayName() + ", fiscal year " + grant.get("fiscalYear") + ", allocation "
                + grant.getString("allocationId") + ".");

        participatingOrg(xml, "1", org.reportingOrgRef(), org.reportingOrgName());
        participatingOrg(xml, "3", null, agency);
        participatingOrg(xml, "4", null, agency);

        String status = grant.getString("status");
        empty(xml, "activity-status", "code", switch (status) {
            case Projection.SUSPENDED -> "6";
            case Projection.CLOSED -> "4";
            default -> "2";
        });
        activityDate(xml, "1", grant.getString("startDate"));
        activityDate(xml, "3", grant.getString("endDate"));
        if (Projection.CLOSED.equals(status)) {
            List<Document> history = grant.getList("statusHistory", Document.class, List.of());
            if (!history.isEmpty()) {
                activityDate(xml, "4", history.getLast().getString("on"));
            }
        }

        xml.writeStartElement("recipient-country");
        xml.writeAttribute("code", country.name());
        xml.writeAttribute("percentage", "100");
        narrative(xml, country.displayName());
        xml.writeEndElement();

        xml.writeStartElement("budget");
        xml.writeAttribute("type", "1");
        xml.writeAttribute("status", "2");
        empty(xml, "period-start", "iso-date", grant.getString("startDate"));
        empty(xml, "period-end", "iso-date", grant.getString("endDate"));
        value(xml, grant.getString("obligatedOn"), Money.fromCents(Cents.of(grant, "obligatedCents")));
        xml.writeEndElement();

        for (Document fact : facts) {
            transaction(xml, fact);
        }
        for (IndicatorView indicator : indicators) {
            result(xml, indicator);
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static void transaction(XMLStreamWriter xml, Document fact) throws XMLStreamException {
        String type = Facts.OBLIGATED.equals(fact.getString(Facts.FIGURE)) ? "2" : "3";
        String date = fact.getString(Facts.VALUE_DATE);
        xml.writeStartElement("transaction");
        xml.writeAttribute("ref", fact.getString("_id"));
        empty(xml, "transaction-type", "code", type);
        empty(xml, "transaction-date", "iso-date", date);
        value(xml, date, Money.fromCents(Cents.of(fact, Facts.AMOUNT_CENTS)));
        String description = fact.getString(Facts.DESCRIPTION);
        narrated(xml, "description", fact.getString(Facts.KIND).toLowerCase(Locale.ROOT)
                + (description == null || description.isBlank() ? "" : ": " + description));
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

    private static void participatingOrg(XMLStreamWriter xml, String role, String ref, String name)
            throws XMLStreamException {
        xml.writeStartElement("participating-org");
        if (ref != null) {
            xml.writeAttribute("ref", ref);
        }
        xml.writeAttribute("role", role);
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
