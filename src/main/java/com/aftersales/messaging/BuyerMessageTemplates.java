package com.aftersales.messaging;

import java.util.ArrayList;
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
 * Marketplaces forbid links, e-mail addresses and competitor names in buyer messages: every
 * template is checked when the app starts, and every rendered message before it is written.
 */
@ConfigurationProperties("aftersales.buyer-messages")
public class BuyerMessageTemplates {

    static final Set<String> PLACEHOLDERS = Set.of("buyerName", "orderId", "caseId", "amount", "currency",
            "offerAmount", "returnShippingPaidBy", "carrier", "trackingNumber", "latestDeliveryDate", "refusalReason");
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
                    problems.add("template '" + name + "' uses unknown placeholder {" + m.group(1) + "}; known: " + PLACEHOLDERS);
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Buyer message templates break the marketplace rules (R-CARE-1): " + problems);
        }
    }

    public Set<String> names() {
        return templates.keySet();
    }

    /** Whether the template uses {placeholder}. */
    public boolean uses(String name, String placeholder) {
        String text = templates.get(name);
        return text != null && text.contains("{" + placeholder + "}");
    }

    /** Fills the template; throws when the name is unknown or the result breaks R-CARE-1. */
    public String render(String name, Map<String, String> values) {
        String text = templates.get(name);
        if (text == null) {
            throw new IllegalArgumentException("No buyer message template '" + name + "'; known: " + templates.keySet());
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("Buyer message '" + name + "' needs {" + m.group(1) + "}, which the case does not have");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String message = out.toString();
        List<String> problems = violations(name, message);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Buyer message not written: " + problems);
        }
        return message;
    }

    /** What in the text a marketplace would refuse. */
    List<String> violations(String name, String text) {
        List<String> problems = new ArrayList<>();
        if (LINK.matcher(text).find()) problems.add("template '" + name + "' contains a link");
        if (EMAIL.matcher(text).find()) problems.add("template '" + name + "' contains an e-mail address");
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : forbiddenWords) {
            if (Pattern.compile("\\b" + Pattern.quote(word.toLowerCase(Locale.ROOT)) + "\\b").matcher(lower).find()) {
                problems.add("template '" + name + "' names a competitor: " + word);
            }
        }
        return problems;
    }
}
