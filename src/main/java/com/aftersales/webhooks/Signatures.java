package com.aftersales.webhooks;

import com.aftersales.config.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;

/**
 * The one way every webhook of the app is signed, in and out: HMAC-SHA256 of the raw body with the shared secret,
 * base64 (Shopify's {@code X-Shopify-Hmac-Sha256}, AfterShip's {@code aftership-hmac-sha256}, the warehouse's
 * {@code X-Aftersales-Hmac-Sha256}). Compared in constant time.
 */
public final class Signatures {

    private Signatures() {}

    /** base64(HMAC-SHA256(secret, body)). */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * Refuses the request unless the webhook is configured (503 webhook-not-configured, naming the setting) and
     * {@code signature} is the body's (401 invalid-signature). Nothing has been read or stored before this.
     */
    static void check(String sender, String setting, String secret, String header, String signature, byte[] body) {
        if (secret == null || secret.isBlank()) {
            throw new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "webhook-not-configured",
                    "Webhook not configured",
                    "The " + sender + " webhook is off: set " + setting + " to the webhook's signing secret.");
        }
        byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature == null ? new byte[0] : signature.trim().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new ApiProblem(
                    HttpStatus.UNAUTHORIZED,
                    "invalid-signature",
                    "Invalid signature",
                    signature == null
                            ? "The request has no " + header + " header."
                            : header + " is not the HMAC-SHA256 (base64) of the body with the " + sender
                                    + " webhook's secret.");
        }
    }
}
