package com.aftersales.cases;

import java.util.Set;

/**
 * Events the outside world sends a case (POST /api/cases/{caseId}/events). Each is delivered to
 * the case's process as the BPMN message of the same name; its one field becomes a process variable.
 */
public enum CaseEvent {
    BUYER_CHOICE("choice", "buyerChoice", Set.of("REFUND", "RESHIP", "ACCEPT_OFFER", "DECLINE_OFFER")),
    EVIDENCE_ADDED("evidence", null, null),
    BUYER_REPLIED("message", "buyerReply", null),
    CARRIER_UPDATE(
            "trackingState",
            "trackingState",
            Set.of("IN_TRANSIT", "DELIVERED", "LOST", "RETURNED_TO_SENDER", "CUSTOMS_HOLD", "INVALID")),
    WAREHOUSE_UPDATE("status", "warehouseStatus", Set.of("SHIPMENT_STOPPED", "ALREADY_LEFT")),
    RETURN_SHIPPED("trackingNumber", "returnTrackingNumber", null),
    RETURN_RECEIVED("condition", "returnCondition", Set.of("AS_NEW", "OPENED", "USED", "DAMAGED", "EMPTY_OR_WRONG")),
    BUYER_ESCALATED("platformCaseId", "platformCaseId", null),
    PLATFORM_RULING(
            "outcome",
            "platformRuling",
            Set.of("WITHDRAWN", "SELLER_REFUNDED", "GRANTED_SELLER_FUNDED", "CLOSED_SELLER_FAVOUR")),
    BUYER_FEEDBACK("satisfied", "buyerSatisfied", null);

    private final String field;
    private final String variable;
    private final Set<String> allowed;

    CaseEvent(String field, String variable, Set<String> allowed) {
        this.field = field;
        this.variable = variable;
        this.allowed = allowed;
    }

    /** The event's field in the request body. */
    public String field() {
        return field;
    }

    /** The process variable the field's value is given to (null: none). */
    public String variable() {
        return variable;
    }

    /** The values the field may take (null: any non-blank text). */
    public Set<String> allowed() {
        return allowed;
    }

    /** The BPMN message name the process waits for. */
    public String messageName() {
        return name();
    }
}
