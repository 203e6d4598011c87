package com.aftersales.cases;

/** The kinds of case the API opens, each run by one BPMN process (null: flow not built yet). */
public enum CaseType {
    ADDRESS_CHANGE("Process_AddressChange"),
    CANCELLATION("Process_Cancellation"),
    NOT_RECEIVED("Process_NotReceived"),
    DAMAGED("Process_DamagedItem"),
    QUALITY_DEFECT("Process_QualityDefect"),
    NOT_AS_DESCRIBED("Process_NotAsDescribed"),
    WRONG_OR_MISSING_ITEM("Process_WrongOrMissingItem"),
    NO_REASON_RETURN("Process_NoReasonReturn");

    private final String processKey;

    CaseType(String processKey) {
        this.processKey = processKey;
    }

    public String processKey() {
        return processKey;
    }

    public boolean flowBuilt() {
        return processKey != null;
    }
}
