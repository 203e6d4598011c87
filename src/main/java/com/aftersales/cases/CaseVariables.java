package com.aftersales.cases;

import java.util.Set;

/**
 * Names of the process variables and messages every case process shares: the one place where
 * Java and the diagrams in bpmn/ agree on them. The variables that name the case, the order and
 * amounts are for forms, messages and display: the steps that act on money, orders, stock,
 * shipping or the case's status take the case from the business key (CaseKey), the order from the
 * case's row and amounts from the app's records (issue 11, finding 1).
 */
public final class CaseVariables {

    private CaseVariables() {}

    /** case-follow-up.bpmn (R-GEN-8, R-CARE-2), started for every resolved case by ResolveCaseDelegate. */
    public static final String FOLLOW_UP_PROCESS = "Process_CaseFollowUp";

    // Set when the case opens (CaseIntake).
    public static final String CASE_ID = "caseId";
    public static final String CASE_TYPE = "caseType";
    public static final String ORDER_ID = "orderId";
    public static final String ORDER_STATUS = "orderStatus";
    public static final String SHIPMENT_STAGE = "shipmentStage";
    public static final String ORDER_VALUE = "orderValue";
    public static final String SHIPPING_FEE = "shippingFee";
    /** Amounts as an agent reads them on a form: "40.00" (the number variables show "40"). */
    public static final String ORDER_VALUE_TEXT = "orderValueText";

    public static final String SHIPPING_FEE_TEXT = "shippingFeeText";
    public static final String CURRENCY = "currency";
    public static final String PLATFORM = "platform";
    public static final String BUYER_NAME = "buyerName";
    public static final String BUYER_REASON = "buyerReason";
    public static final String CURRENT_ADDRESS = "currentAddress";
    public static final String NEW_ADDRESS = "newAddress";
    /**
     * The buyer's contact data among the variables (the e-mail is not one): in the engine, agents read them only for
     * the cases of the tasks they hold or held, team leads for all, process owners not at all (gateway/EngineContactData).
     */
    public static final Set<String> BUYER_CONTACT = Set.of(CURRENT_ADDRESS, NEW_ADDRESS);

    public static final String CARRIER = "carrier";
    public static final String TRACKING_NUMBER = "trackingNumber";

    public static final String LATEST_DELIVERY_DATE = "latestDeliveryDate";
    /** R-RET-1: the delivery date (YYYY-MM-DD or empty), whole days from it to the case's opening, the item's category. */
    public static final String DELIVERED_ON = "deliveredOn";

    public static final String DAYS_SINCE_DELIVERY = "daysSinceDelivery";
    public static final String ITEM_CATEGORY = "itemCategory";
    /** The (first) item's SKU and listing title, shown where a listing is compared or corrected (R-NAD-1/2). */
    public static final String ITEM_SKU = "itemSku";

    public static final String ITEM_TITLE = "itemTitle";
    /**
     * R-RET-2, R-RET-3: the item's state as the shop reports it for the buyer when a NO_REASON_RETURN opens (null: not
     * reported), then as the agent records it on "Review the return request".
     */
    public static final String ITEM_CONDITION = "itemCondition";

    public static final String ITEM_OPENED = "itemOpened";
    public static final String NEAR_EXPIRY = "nearExpiry";
    /** ReturnEligibility decision (R-RET-1..3): RETURN, REFUSE or REVIEW, the reason shown to the buyer when refused, the rule. */
    public static final String RETURN_DECISION = "returnDecision";

    public static final String REFUSAL_REASON = "refusalReason";
    public static final String ELIGIBILITY_RULE_ID = "eligibilityRuleId";
    public static final String INSURED = "insured";
    /** Evidence references on the case, one per line, and how many (R-GEN-6; refreshed by caseRecord.evidence). */
    public static final String EVIDENCE_TEXT = "evidenceText";

    public static final String EVIDENCE_COUNT = "evidenceCount";

    // Set by events (CaseEvent.variable()).
    public static final String TRACKING_STATE = "trackingState";
    public static final String BUYER_CHOICE = "buyerChoice";
    public static final String PLATFORM_CASE_ID = "platformCaseId";
    public static final String PLATFORM_RULING = "platformRuling";

    // Set by decisions and delegates.
    public static final String PARCEL_STATE = "parcelState";
    public static final String PAST_LATEST_DATE = "pastLatestDate";
    public static final String RECHECK_AT = "recheckAt";
    public static final String TRACKING_CHECKS = "trackingChecks";
    /** R-GEN-2, refund-or-reship.bpmn: REFUND or RESHIP, what the buyer got. */
    public static final String REMEDY = "remedy";

    public static final String ESCALATION_OUTCOME = "escalationOutcome";
    public static final String ORDER_DEFECT = "orderDefect";
    public static final String RESPONSIBILITY = "responsibility";
    public static final String RESHIP_ALLOWED = "reshipAllowed";
    public static final String STOCK_RESERVED = "stockReserved";
    /** R-GEN-7, for the forms: the ceiling is kept on the case (KeepOffers), worked out by KeepOfferPolicy. */
    public static final String CEILING_PERCENT = "ceilingPercent";

    public static final String MAX_KEEP_OFFER = "maxKeepOffer";
    public static final String MAX_KEEP_OFFER_TEXT = "maxKeepOfferText";
    public static final String RETURN_SHIPPING_PAID_BY = "returnShippingPaidBy";
    /** return-and-refund.bpmn: the carrier's quote for the return label (R-GEN-3 abandon rule). */
    public static final String RETURN_SHIPPING_COST = "returnShippingCost";

    public static final String RETURN_SHIPPING_COST_TEXT = "returnShippingCostText";
    /** return-and-refund.bpmn: REFUNDED | ABANDONED | NOT_SENT | REJECTED. */
    public static final String RETURN_OUTCOME = "returnOutcome";
    /** RestockingFee decision (R-RET-6): percentage of the order value kept back from a return refund. */
    public static final String RESTOCKING_FEE_PERCENT = "restockingFeePercent";

    // Set by agents on forms. A checked offer is recorded on the case (KeepOffers); refunds pay that record.
    public static final String OFFER_AMOUNT = "offerAmount";
    public static final String OFFER_AMOUNT_TEXT = "offerAmountText";
}
