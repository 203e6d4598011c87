package com.aftersales.cases;

public enum CaseStatus {
    OPEN,
    WAITING_FOR_BUYER,
    WAITING_FOR_RETURN,
    ESCALATED,
    RESOLVED,
    CLOSED;

    public boolean isFinal() {
        return this == RESOLVED || this == CLOSED;
    }
}
