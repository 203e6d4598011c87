package com.aftersales.config;

/**
 * A job's failure that trying again cannot put right (a payment provider refused the refund: already refunded, a
 * wrong payment): the job becomes an incident in Cockpit at once, with this message, instead of going through the
 * retry cycle ({@link PermanentJobFailures}). A person fixes the cause and retries the job from Cockpit.
 */
public class PermanentJobFailure extends RuntimeException {

    public PermanentJobFailure(String message) {
        super(message);
    }

    public PermanentJobFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
