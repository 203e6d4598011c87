package com.aftersales.messaging;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * R-CARE-1: the buyer message templates (application.yaml, {@code aftersales.buyer-messages}).
 * Marketplaces forbid links, e-mail addresses and competitor names in what the seller writes to a buyer:
 * every template is checked when the app starts, and before a message is written, its text again with the
 * values the seller's side filled in ({@link #SELLER_VALUES}: a refusal reason from a decision table, who pays
 * return shipping, amounts). The buyer's and the order's own data ({@link #ORDER_DATA}: the buyer's name, the
 * order id, carrier, tracking number, dates) are not checked: a buyer named "Anna Wish" is written to as such.
 */
@ConfigurationProperties("aftersales.buyer-messages")
public class BuyerMessageTemplates {

    /** Placeholders the buyer or the order brings: written as they are, not checked. */
    static final Set<String> ORDER_DATA =
            Set.of("buyerName", "orderId", "caseId", "carrier", "trackingNumber", "latestDeliveryDate");
    /** Placeholders the seller's side fills in (decision tables, agents, the ledger): checked like the template. */
    static final Set<String> SELLER_VALUES =
            Set.of("amount", "currency", "offerAmount", "returnShippingPaidBy", "refusalReason");

    static final Set<String> PLACEHOLDERS = union(ORDER_DATA, SELLER_VALUES);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Pattern LINK = Pattern.compile(
            "(?i)(https?://|ftp://|www\\.|\\b[a-z0-9-]+\\.(com|net|org|io|co|shop|store|info|biz|cn|uk|de)\\b)");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    private final Map<String, String> templates;
    private final List<String> forbiddenWords;

    public BuyerMessageTemplates(Map<String, String> templates, List<String> forbiddenWords) {
        this.templates = templates == null ? Map.of() : new TreeMap<>(templates);
        this.forbiddenWords = forbiddenWords == null ? List.of() : List.copyOf(forbiddenWords);
        List<String> problems = new ArrayList<>();
        this.templates.forEach((name, text) -> {
            problems.addAll(violations(name, text));
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (!PLACEHOLDERS.contains(m.group(1))) {
                    problems.add("template '" + name + "' uses unknown placeholder {" + m.group(1) + "}; known: "
                            + PLACEHOLDERS);
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "Buyer message templates break the marketplace rules (R-CARE-1): " + problems);
        }
    }

    public Set<String> names() {
        return templates.keySet();
    }

    /** The template's text with its placeholders, or null when there is none of that name. */
    public String text(String name) {
        return templates.get(name);
    }

    /**
     * What a marketplace would refuse in a person's own text to the buyer (R-CARE-1, the checks the templates pass):
     * links, e-mail addresses, competitor names; empty when the text may be sent.
     */
    public List<String> problemsInText(String text) {
        return violations("free text", text);
    }

    /** Whether the template uses {placeholder}. */
    public boolean uses(String name, String placeholder) {
        String text = templates.get(name);
        return text != null && text.contains("{" + placeholder + "}");
    }

    /**
     * Fills the template; throws when the name is unknown, a value is missing, or what the seller's side wrote
     * (the template with {@link #SELLER_VALUES} filled in, {@link #ORDER_DATA} left out) breaks R-CARE-1.
     */
    public String render(String name, Map<String, String> values) {
        String text = templates.get(name);
        if (text == null) {
            throw new IllegalArgumentException(
                    "No buyer message template '" + name + "'; known: " + templates.keySet());
        }
        List<String> problems = violations(name, fill(name, text, values, true));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Buyer message not written: " + problems);
        }
        return fill(name, text, values, false);
    }

    /** The template with its values; with {@code sellerPartOnly}, the buyer's and order's data as a neutral word. */
    private static String fill(String name, String text, Map<String, String> values, boolean sellerPartOnly) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "Buyer message '" + name + "' needs {" + m.group(1) + "}, which the case does not have");
            }
            m.appendReplacement(
                    out, Matcher.quoteReplacement(sellerPartOnly && ORDER_DATA.contains(m.group(1)) ? "X" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** What in the text a marketplace would refuse. */
    List<String> violations(String name, String text) {
        List<String> problems = new ArrayList<>();
        if (LINK.matcher(text).find()) problems.add("template '" + name + "' contains a link");
        if (EMAIL.matcher(text).find()) problems.add("template '" + name + "' contains an e-mail address");
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : forbiddenWords) {
            if (Pattern.compile("\\b" + Pattern.quote(word.toLowerCase(Locale.ROOT)) + "\\b")
                    .matcher(lower)
                    .find()) {
                problems.add("template '" + name + "' names a competitor: " + word);
            }
        }
        return problems;
    }
}
