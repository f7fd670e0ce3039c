package org.alliancetracker.reporting.reconciliation;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.alliancetracker.platform.money.Money;
import org.alliancetracker.reporting.projection.Facts;

/**
 * Reads an IATI 2.03 activities file as a stream (StAX: one element at a time, memory bounded by
 * {@link TheirFigures}), adding each transaction of type 2 (outgoing commitment → obligated), 3 (disbursement) or 4
 * (expenditure) → disbursed to the figure of its activity's grant and fiscal year (of its {@code transaction-date},
 * else its {@code value-date}); other types are counted and left out.
 *
 * <p>An activity is matched by its {@code iati-identifier}, else by an {@code other-identifier/@ref} (see
 * {@link GrantIndex#match}); one that names no grant of ours is compared under its {@code iati-identifier}.
 *
 * <p>No DTD is processed and none is allowed: a {@code DOCTYPE} is refused where it stands, so neither external
 * entities (XXE) nor entity expansion can happen. Anything that is not IATI activities XML is refused naming the line
 * and the element.
 */
final class IatiActivitiesReader {

    static final String FORMAT = "iati-activities-2.03";
    private static final XMLInputFactory FACTORY = factory();

    private final GrantIndex grants;
    private final TheirFigures figures;

    IatiActivitiesReader(GrantIndex grants, TheirFigures figures) {
        this.grants = grants;
        this.figures = figures;
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory(); // the JDK's own parser, whatever is on the path
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    void read(InputStream in) throws BoundedInput.TooLarge {
        XMLStreamReader xml = null;
        try {
            xml = FACTORY.createXMLStreamReader(in);
            readDocument(xml);
        } catch (XMLStreamException e) {
            BoundedInput.TooLarge tooLarge = tooLarge(e);
            if (tooLarge != null) {
                throw tooLarge;
            }
            long line = e.getLocation() == null ? lineOf(xml) : e.getLocation().getLineNumber();
            throw FileProblems.invalid(Math.max(line, 1), null, "not well-formed XML: " + message(e));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the request body
                }
            }
        }
    }

    private void readDocument(XMLStreamReader xml) throws XMLStreamException {
        boolean root = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.DTD) {
                // named on the line where the DOCTYPE ends: the parser reports it there
                throw FileProblems.invalid(lineOf(xml), "DOCTYPE", "a DOCTYPE is not allowed (no DTD, no entities)");
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw FileProblems.invalid(lineOf(xml), xml.getLocalName(), "entity references are not allowed");
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (!root) {
                if (!"iati-activities".equals(xml.getLocalName()) || !noNamespace(xml)) {
                    throw FileProblems.invalid(lineOf(xml), xml.getLocalName(),
                            "not an IATI activities file: the root element must be <iati-activities>");
                }
                root = true;
            } else if ("iati-activity".equals(xml.getLocalName()) && noNamespace(xml)) {
                activity(xml);
            } else {
                skip(xml);
            }
        }
        if (!root) {
            throw FileProblems.invalid(Math.max(lineOf(xml), 1), null,
                    "not an IATI activities file: no <iati-activities> element");
        }
    }

    /** One {@code iati-activity}, the reader on its start tag; returns on its end tag. */
    private void activity(XMLStreamReader xml) throws XMLStreamException {
        figures.record();
        long line = lineOf(xml);
        String defaultCurrency = attribute(xml, "default-currency");
        String identifier = null;
        List<String> others = new ArrayList<>();
        Match match = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw FileProblems.invalid(lineOf(xml), xml.getLocalName(), "entity references are not allowed");
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = noNamespace(xml) ? xml.getLocalName() : "";
            switch (name) {
                case "iati-identifier" -> identifier = xml.getElementText().strip();
                case "other-identifier" -> {
                    String ref = attribute(xml, "ref");
                    if (ref != null) {
                        others.add(ref);
                    }
                    skip(xml);
                }
                case "transaction" -> {
                    if (match == null) {
                        if (identifier == null || identifier.isEmpty()) {
                            throw FileProblems.invalid(line, "iati-activity/iati-identifier",
                                    "the activity has no iati-identifier before its transactions");
                        }
                        match = match(identifier, others);
                    }
                    transaction(xml, match, defaultCurrency);
                }
                default -> skip(xml);
            }
        }
    }

    private record Match(String grantId, String theirId) {
        Key key(int fiscalYear, String figure) {
            return grantId != null ? Key.matched(grantId, fiscalYear, figure)
                    : Key.unmatched(theirId, fiscalYear, figure);
        }
    }

    private Match match(String identifier, List<String> others) {
        String grantId = grants.match(identifier);
        for (int i = 0; grantId == null && i < others.size(); i++) {
            grantId = grants.match(others.get(i));
        }
        return new Match(grantId, identifier);
    }

    /** One {@code transaction}, the reader on its start tag; returns on its end tag. */
    private void transaction(XMLStreamReader xml, Match match, String defaultCurrency) throws XMLStreamException {
        long line = lineOf(xml);
        String type = null;
        String transactionDate = null;
        String valueText = null;
        String currency = null;
        String valueDate = null;
        long valueLine = line;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw FileProblems.invalid(lineOf(xml), xml.getLocalName(), "entity references are not allowed");
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = noNamespace(xml) ? xml.getLocalName() : "";
            switch (name) {
                case "transaction-type" -> {
                    type = attribute(xml, "code");
                    skip(xml);
                }
                case "transaction-date" -> {
                    transactionDate = attribute(xml, "iso-date");
                    skip(xml);
                }
                case "value" -> {
                    valueLine = lineOf(xml);
                    currency = attribute(xml, "currency");
                    valueDate = attribute(xml, "value-date");
                    valueText = xml.getElementText();
                }
                default -> skip(xml);
            }
        }
        if (type == null) {
            throw FileProblems.invalid(line, "transaction/transaction-type", "missing (or without @code)");
        }
        String figure = switch (type.strip()) {
            case "2" -> Facts.OBLIGATED;
            case "3", "4" -> Facts.DISBURSED;
            default -> null;
        };
        if (figure == null) {
            figures.ignoredType();
            return;
        }
        if (valueText == null) {
            throw FileProblems.invalid(line, "transaction/value", "missing");
        }
        long cents = Amounts.cents(valueText, valueLine, "transaction/value");
        String unit = currency != null ? currency.strip() : defaultCurrency == null ? null : defaultCurrency.strip();
        if (unit == null || unit.isEmpty()) {
            throw FileProblems.invalid(valueLine, "transaction/value/@currency",
                    "no currency (neither value/@currency nor iati-activity/@default-currency)");
        }
        LocalDate date = date(transactionDate != null ? transactionDate : valueDate, line,
                transactionDate != null ? "transaction/transaction-date/@iso-date" : "transaction/value/@value-date");
        if (!Money.USD.equals(unit)) {
            if (valueDate == null || valueDate.isBlank()) {
                throw FileProblems.invalid(valueLine, "transaction/value/@value-date",
                        "a value in " + Amounts.abbreviate(unit) + " needs a value-date (the day of its exchange rate)");
            }
            date(valueDate, valueLine, "transaction/value/@value-date");
            figures.otherCurrency();
            return;
        }
        if (date == null) {
            throw FileProblems.invalid(line, "transaction/transaction-date",
                    "no date (neither transaction-date/@iso-date nor value/@value-date)");
        }
        figures.add(match.key(FiscalYears.of(date), figure), cents, line);
    }

    private static LocalDate date(String text, long line, String where) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw FileProblems.invalid(line, where, "not an ISO date (YYYY-MM-DD): '" + Amounts.abbreviate(text) + "'");
        }
    }

    /** Skips the element the reader is on (start tag) with everything inside it; returns on its end tag. */
    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw FileProblems.invalid(lineOf(xml), xml.getLocalName(), "entity references are not allowed");
            }
        }
    }

    private static boolean noNamespace(XMLStreamReader xml) {
        String namespace = xml.getNamespaceURI();
        return namespace == null || namespace.isEmpty();
    }

    private static String attribute(XMLStreamReader xml, String name) {
        return xml.getAttributeValue(null, name);
    }

    private static long lineOf(XMLStreamReader xml) {
        return xml == null || xml.getLocation() == null ? 0 : xml.getLocation().getLineNumber();
    }

    private static String message(XMLStreamException e) {
        String message = e.getMessage() == null ? "unreadable" : e.getMessage();
        int at = message.indexOf("Message: ");
        String text = (at >= 0 ? message.substring(at + "Message: ".length()).strip() : message).replace('\n', ' ');
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static BoundedInput.TooLarge tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedInput.TooLarge tooLarge) {
                return tooLarge;
            }
            if (cause instanceof XMLStreamException xse && xse.getNestedException() instanceof BoundedInput.TooLarge t) {
                return t;
            }
        }
        return null;
    }
}
