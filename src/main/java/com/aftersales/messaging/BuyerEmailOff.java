package com.aftersales.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Without SMTP settings (no {@code spring.mail.host}) buyer messages stay in the outbox, as the log says at start. */
@Component
@ConditionalOnExpression("'${spring.mail.host:}'.isBlank()")
class BuyerEmailOff {

    private static final Logger log = LoggerFactory.getLogger(BuyerEmailOff.class);

    @EventListener(ApplicationReadyEvent.class)
    void say() {
        log.info("No SMTP settings (spring.mail.host): buyer messages are kept in buyer_message_outbox, not e-mailed");
    }
}
