package com.aftersales.cases;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Sends the buyer of the execution's case the message of a template, with the process's values it may use
 * (R-CARE-1). messaging/SendBuyerMessageDelegate is the one implementation: steps of cases/ use messages
 * without cases/ depending on messaging/, which builds on the case's records.
 */
public interface BuyerMessageSender {

    void send(DelegateExecution execution, String template);
}
