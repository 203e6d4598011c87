package com.aftersales.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.flows.FlowTestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** R-CARE-1: buyer messages from templates, with no links, e-mail addresses or competitor names. */
class BuyerMessageTemplatesTest extends FlowTestSupport {

    private static final List<String> COMPETITORS = List.of("Temu", "Shein");

    @Autowired
    BuyerMessageTemplates configured;

    @Test
    void rCare1_theShippedTemplatesPassTheMarketplaceRules_andIncludeApologyResolutionAndFollowUp() {
        assertThat(configured.names()).contains("apology", "refund-issued", "follow-up");
        assertThat(configured.render("apology", Map.of("buyerName", "Ana", "orderId", "A-1")))
                .isEqualTo(
                        "Dear Ana, we are sorry for the trouble with order A-1; this is being handled with priority.");
    }

    @Test
    void rCare1_aTemplateWithALinkStopsTheAppFromStarting() {
        assertThatThrownBy(() -> new BuyerMessageTemplates(Map.of("bad", "See https://example.org/help"), COMPETITORS))
                .hasMessageContaining("template 'bad' contains a link");
        assertThatThrownBy(() -> new BuyerMessageTemplates(Map.of("bad", "Visit www.myshop.example"), COMPETITORS))
                .hasMessageContaining("contains a link");
        assertThatThrownBy(() -> new BuyerMessageTemplates(Map.of("bad", "Order again at myshop.com"), COMPETITORS))
                .hasMessageContaining("contains a link");
    }

    @Test
    void rCare1_aTemplateWithAnEmailAddressOrACompetitorIsRefused() {
        assertThatThrownBy(() -> new BuyerMessageTemplates(Map.of("bad", "Write to help@seller.example"), COMPETITORS))
                .hasMessageContaining("e-mail address");
        assertThatThrownBy(() -> new BuyerMessageTemplates(Map.of("bad", "Cheaper than on temu!"), COMPETITORS))
                .hasMessageContaining("names a competitor: Temu");
    }

    @Test
    void rCare1_aValueTheSellersSideWroteIsChecked_aRefusalReasonWithALinkOrACompetitorIsNotWritten() {
        BuyerMessageTemplates templates = new BuyerMessageTemplates(
                Map.of("refused", "Dear {buyerName}, the return was refused: {refusalReason}."), COMPETITORS);
        assertThatThrownBy(() -> templates.render(
                        "refused", Map.of("buyerName", "Ana", "refusalReason", "see help@seller.example")))
                .hasMessageContaining("e-mail address");
        assertThatThrownBy(() -> templates.render(
                        "refused", Map.of("buyerName", "Ana", "refusalReason", "it is cheaper on Temu")))
                .hasMessageContaining("names a competitor: Temu");
        assertThatThrownBy(() -> templates.render(
                        "refused", Map.of("buyerName", "Ana", "refusalReason", "read www.rules.example")))
                .hasMessageContaining("contains a link");
    }

    @Test
    void finding10_theBuyersAndTheOrdersOwnDataAreWrittenAsTheyAre_neverChecked() {
        BuyerMessageTemplates templates = new BuyerMessageTemplates(
                Map.of(
                        "transit",
                        "Dear {buyerName}, order {orderId} is with {carrier}, tracking number {trackingNumber}."),
                COMPETITORS);
        assertThat(templates.render(
                        "transit",
                        Map.of(
                                "buyerName",
                                "Bob Shein",
                                "orderId",
                                "temu.com-77",
                                "carrier",
                                "Wish Post",
                                "trackingNumber",
                                "ana@example.com")))
                .isEqualTo("Dear Bob Shein, order temu.com-77 is with Wish Post, tracking number ana@example.com.");
        assertThat(configured.render(
                        "refund-issued",
                        Map.of("buyerName", "Anna Wish", "orderId", "A-1", "amount", "29.99", "currency", "USD")))
                .startsWith("Dear Anna Wish, your refund of 29.99 USD");
    }

    @Test
    void unknownPlaceholdersAndTemplatesAreClearErrors() {
        assertThatThrownBy(() -> new BuyerMessageTemplates(Map.of("x", "Dear {customer}"), COMPETITORS))
                .hasMessageContaining("unknown placeholder {customer}");
        assertThatThrownBy(() -> configured.render("no-such-template", Map.of()))
                .hasMessageContaining("No buyer message template 'no-such-template'");
    }
}
