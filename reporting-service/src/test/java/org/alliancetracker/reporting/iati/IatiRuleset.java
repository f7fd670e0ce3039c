package org.alliancetracker.reporting.iati;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.alliancetracker.platform.iati.IatiCodes;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IATI Validator's 2.03 rules for activities, read from {@code ruleset-2.03-standard.json}
 * ({@code ../shared/iati-2.03/codelists}) and evaluated here with XPath 1.0, plus the 2.03 schema: what the official
 * validator would report for an export, offline. Every rule form the activity contexts use is implemented:
 * {@code atleast_one}, {@code one_or_all}, {@code date_now}, {@code date_order}, {@code regex_matches},
 * {@code no_spaces}, {@code startswith}, {@code unique}, {@code loop}, {@code no_more_than_one}, {@code strict_sum},
 * {@code range}, {@code if_then}, {@code time_limit}, {@code between_dates}; an unknown form fails the check (a new
 * ruleset must not pass unread). {@code idCondition NOT_EXISTING_ORG_ID} skips identifiers that are registered IATI
 * organisation identifiers (the reporting organisations given to {@link #IatiRuleset}).
 */
public final class IatiRuleset {

    /** {@code ../shared/iati-2.03} of the repository root, seen from a module's directory. */
    public static final Path SHARED = Path.of("..", "..", "shared", "iati-2.03");
    public static final Path RULESET = SHARED.resolve("codelists").resolve("ruleset-2.03-standard.json");
    public static final Path SCHEMA = SHARED.resolve("iati-activities-schema.xsd");

    /** One rule's outcome on one activity. */
    public record Finding(String ruleId, String severity, String message, String activity, boolean passed,
                          String detail) {
    }

    private final JsonNode ruleset;
    private final Set<String> registeredOrgIds;
    private final Set<String> registrationAgencies;
    private final XPath xpath;
    private final LocalDate today;

    /** @param registeredOrgIds identifiers known to the IATI organisation registry (e.g. {@code US-GOV-1}) */
    public IatiRuleset(Set<String> registeredOrgIds, LocalDate today) throws Exception {
        this.ruleset = JsonMapper.builder().build().readTree(Files.readString(RULESET));
        this.registeredOrgIds = registeredOrgIds;
        this.registrationAgencies = IatiCodes.official(SHARED.resolve("codelists")
                .resolve("OrganisationRegistrationAgency.xml")).keySet();
        this.xpath = XPathFactory.newInstance().newXPath();
        this.xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return "xml".equals(prefix) ? XMLConstants.XML_NS_URI : XMLConstants.NULL_NS_URI;
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        this.today = today;
    }

    public static boolean available() {
        return Files.isRegularFile(RULESET) && Files.isRegularFile(SCHEMA);
    }

    /** Validates the whole document against the 2.03 schema (throws on the first schema error). */
    public static void validateSchema(byte[] xml) throws Exception {
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(SCHEMA.toFile())
                .newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
    }

    public static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** Every activity rule applied to the activities the filter selects (by iati-identifier). */
    public List<Finding> check(Document document, Predicate<String> activities) throws Exception {
        List<Finding> findings = new ArrayList<>();
        NodeList all = nodes(document, "/iati-activities/iati-activity");
        for (int i = 0; i < all.getLength(); i++) {
            Element activity = (Element) all.item(i);
            String id = string(activity, "iati-identifier");
            if (!activities.test(id)) {
                continue;
            }
            for (Map.Entry<String, JsonNode> context : ruleset.properties()) {
                for (Node node : contextNodes(activity, context.getKey())) {
                    for (Map.Entry<String, JsonNode> rule : context.getValue().properties()) {
                        for (JsonNode ruleCase : rule.getValue().path("cases")) {
                            apply(rule.getKey(), ruleCase, node, id, findings, Map.of());
                        }
                    }
                }
            }
        }
        return findings;
    }

    /** The nodes of one activity a context of the ruleset addresses (none for organisation files). */
    private List<Node> contextNodes(Element activity, String context) throws XPathExpressionException {
        List<Node> nodes = new ArrayList<>();
        for (String alternative : context.split("\\|")) {
            String path = alternative.trim();
            if (path.startsWith("/iati-organisations")) {
                continue;
            }
            String relative;
            if (path.equals("/iati-activities/iati-activity")) {
                nodes.add(activity);
                continue;
            } else if (path.startsWith("/iati-activities/iati-activity/")) {
                relative = path.substring("/iati-activities/iati-activity/".length());
            } else if (path.startsWith("//")) {
                relative = ".//" + path.substring(2);
            } else {
                throw new IllegalStateException("Unknown rule context " + path);
            }
            NodeList found = nodes(activity, relative);
            for (int i = 0; i < found.getLength(); i++) {
                nodes.add(found.item(i));
            }
        }
        return nodes;
    }

    private void apply(String form, JsonNode c, Node node, String activity, List<Finding> findings,
                       Map<String, String> subs) throws Exception {
        if (form.equals("loop")) {
            Set<String> values = new LinkedHashSet<>(values(node, c.path("foreach").asString()));
            for (String value : values) {
                for (Map.Entry<String, JsonNode> inner : c.path("do").properties()) {
                    for (JsonNode innerCase : inner.getValue().path("cases")) {
                        apply(inner.getKey(), innerCase, node, activity, findings, Map.of("$1", value));
                    }
                }
            }
            return;
        }
        JsonNode info = c.path("ruleInfo");
        String condition = sub(c.path("condition").asString(null), subs);
        if (condition != null && !bool(node, condition)) {
            return;
        }
        String detail = switch (form) {
            case "atleast_one" -> paths(c, subs).stream().anyMatch(p -> exists(node, p)) ? null
                    : "none of " + paths(c, subs);
            case "one_or_all" -> oneOrAll(node, c.path("one").asString(), c.path("all").asString());
            case "date_now" -> dates(node, c.path("date").asString()).stream().anyMatch(d -> d.isAfter(today))
                    ? "in the future: " + values(node, c.path("date").asString()) : null;
            case "date_order" -> dateOrder(node, c.path("less").asString(), c.path("more").asString());
            case "regex_matches" -> everyValue(node, c, subs, v -> Pattern.compile(c.path("regex").asString())
                    .matcher(v).find());
            case "no_spaces" -> everyValue(node, c, subs, v -> v.equals(v.strip()));
            case "startswith" -> startsWith(node, c, subs);
            case "unique" -> {
                List<String> all = new ArrayList<>();
                for (String p : paths(c, subs)) {
                    all.addAll(values(node, p));
                }
                yield new LinkedHashSet<>(all).size() == all.size() ? null : "not unique: " + all;
            }
            case "no_more_than_one" -> {
                int count = 0;
                for (String p : paths(c, subs)) {
                    count += values(node, p).size();
                }
                yield count <= 1 ? null : count + " found";
            }
            case "strict_sum" -> {
                BigDecimal sum = BigDecimal.ZERO;
                for (String p : paths(c, subs)) {
                    for (String v : values(node, p)) {
                        sum = sum.add(new BigDecimal(v.strip()));
                    }
                }
                yield sum.compareTo(new BigDecimal(c.path("sum").asString())) == 0 ? null : "sum " + sum;
            }
            case "range" -> everyValue(node, c, subs, v -> {
                BigDecimal value = new BigDecimal(v.strip());
                return value.compareTo(new BigDecimal(c.path("min").asString())) >= 0
                        && value.compareTo(new BigDecimal(c.path("max").asString())) <= 0;
            });
            case "if_then" -> !bool(node, sub(c.path("if").asString(), subs))
                    || bool(node, sub(c.path("then").asString(), subs)) ? null : "if " + c.path("if").asString()
                    + " then " + c.path("then").asString() + " does not hold";
            case "time_limit" -> {
                List<LocalDate> start = dates(node, c.path("start").asString());
                List<LocalDate> end = dates(node, c.path("end").asString());
                yield start.isEmpty() || end.isEmpty()
                        || ChronoUnit.DAYS.between(start.getFirst(), end.getFirst()) <= 365 ? null
                        : start.getFirst() + " to " + end.getFirst() + " is longer than a year";
            }
            case "between_dates" -> {
                List<LocalDate> start = dates(node, c.path("start").asString());
                List<LocalDate> end = dates(node, c.path("end").asString());
                yield dates(node, c.path("date").asString()).stream().allMatch(d -> start.isEmpty() || end.isEmpty()
                        || !d.isBefore(start.getFirst()) && !d.isAfter(end.getFirst())) ? null : "outside the period";
            }
            default -> throw new IllegalStateException("Rule form not implemented: " + form);
        };
        findings.add(new Finding(info.path("id").asString(), info.path("severity").asString(),
                info.path("message").asString(), activity, detail == null, detail));
    }

    /** one_or_all: the context declares {@code one}, or every element concerned declares {@code all}. */
    private String oneOrAll(Node node, String one, String all) throws XPathExpressionException {
        if (exists(node, one)) {
            return null;
        }
        String every = switch (all) {
            case "lang" -> ".//narrative[not(@xml:lang)]";
            case "currency" -> ".//value[not(@currency)]";
            default -> "transaction[not(" + all + ")]";
        };
        if (all.equals(one) && !exists(node, "transaction/" + all)) {
            return null; // declared at neither level: the atleast_one rule (6.2.2) is the one that reports it
        }
        return exists(node, every) ? "neither " + one + " nor " + all + " on every element" : null;
    }

    private String dateOrder(Node node, String less, String more) throws XPathExpressionException {
        List<LocalDate> before = less.equals("NOW") ? List.of(today) : dates(node, less);
        List<LocalDate> after = more.equals("NOW") ? List.of(today) : dates(node, more);
        for (LocalDate b : before) {
            for (LocalDate a : after) {
                if (b.isAfter(a)) {
                    return b + " after " + a;
                }
            }
        }
        return null;
    }

    private String startsWith(Node node, JsonNode c, Map<String, String> subs) throws Exception {
        List<String> prefixes = new ArrayList<>();
        boolean agencies = false;
        for (JsonNode prefix : c.path("prefix")) {
            if (prefix.asString().equals("ORG-ID-PREFIX")) {
                agencies = true;
            } else {
                prefixes.addAll(values(node, prefix.asString()));
            }
        }
        String separator = c.path("separator").asString("");
        boolean skipRegistered = "NOT_EXISTING_ORG_ID".equals(c.path("idCondition").asString(null));
        for (String p : paths(c, subs)) {
            for (String value : values(node, p)) {
                if (skipRegistered && registeredOrgIds.contains(value)) {
                    continue;
                }
                boolean ok = agencies ? registrationAgencies.stream().anyMatch(a -> value.startsWith(a + "-"))
                        : prefixes.stream().anyMatch(prefix -> value.startsWith(prefix + separator));
                if (!ok) {
                    return value + " does not start with " + (agencies ? "a registration agency" : prefixes);
                }
            }
        }
        return null;
    }

    private String everyValue(Node node, JsonNode c, Map<String, String> subs, Predicate<String> test)
            throws XPathExpressionException {
        boolean skipRegistered = "NOT_EXISTING_ORG_ID".equals(c.path("idCondition").asString(null))
                || "NOT_EXISTING_ORG_ID_PREFIX".equals(c.path("idCondition").asString(null));
        for (String p : paths(c, subs)) {
            for (String value : values(node, p)) {
                if (skipRegistered && registeredOrgIds.contains(value)) {
                    continue;
                }
                if (!test.test(value)) {
                    return "'" + value + "'";
                }
            }
        }
        return null;
    }

    private static List<String> paths(JsonNode c, Map<String, String> subs) {
        List<String> paths = new ArrayList<>();
        c.path("paths").forEach(p -> paths.add(sub(p.asString(), subs)));
        return paths;
    }

    private static String sub(String text, Map<String, String> subs) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (Map.Entry<String, String> s : subs.entrySet()) {
            result = result.replace(s.getKey(), s.getValue());
        }
        return result;
    }

    private boolean exists(Node node, String path) {
        try {
            return !values(node, path).isEmpty() || nodes(node, path).getLength() > 0;
        } catch (XPathExpressionException e) {
            throw new IllegalStateException(path, e);
        }
    }

    private boolean bool(Node node, String expression) throws XPathExpressionException {
        return (Boolean) xpath.evaluate(expression, node, XPathConstants.BOOLEAN);
    }

    private NodeList nodes(Node node, String path) throws XPathExpressionException {
        return (NodeList) xpath.evaluate(path, node, XPathConstants.NODESET);
    }

    private List<String> values(Node node, String path) throws XPathExpressionException {
        NodeList found = nodes(node, path);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < found.getLength(); i++) {
            values.add(found.item(i).getTextContent());
        }
        return values;
    }

    private List<LocalDate> dates(Node node, String path) throws XPathExpressionException {
        List<LocalDate> dates = new ArrayList<>();
        for (String value : values(node, path)) {
            dates.add(LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value));
        }
        return dates;
    }

    private String string(Node node, String path) throws XPathExpressionException {
        return xpath.evaluate(path, node);
    }

    /** Per rule id and severity: how many activities it was checked on, and how many failed. */
    public static String summary(List<Finding> findings) {
        Map<String, int[]> byRule = new TreeMap<>(IatiRuleset::compareIds);
        Map<String, String> severity = new TreeMap<>();
        for (Finding f : findings) {
            int[] counts = byRule.computeIfAbsent(f.ruleId(), k -> new int[2]);
            counts[0]++;
            if (!f.passed()) {
                counts[1]++;
            }
            severity.put(f.ruleId(), f.severity());
        }
        StringBuilder text = new StringBuilder("rule | severity | checked | failed\n");
        byRule.forEach((id, counts) -> text.append(id).append(" | ").append(severity.get(id)).append(" | ")
                .append(counts[0]).append(" | ").append(counts[1]).append('\n'));
        return text.toString();
    }

    private static int compareIds(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
