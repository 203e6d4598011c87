package com.aftersales.orders;

/**
 * R-CARE-3: the buyer's tier as the shop sends it with the order. The policy names core customers (the top 20 %
 * by spend: a priority queue) and at-risk customers (spending less: a proactive call); everyone else is regular.
 * What a tier gets (task priority, a shorter deadline) is bpmn/customer-priority.dmn's, not Java's.
 */
public enum CustomerTier {
    CORE,
    REGULAR,
    AT_RISK;

    /** An order that names no tier. */
    public static final CustomerTier DEFAULT = REGULAR;
}
