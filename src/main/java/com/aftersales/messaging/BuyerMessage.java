package com.aftersales.messaging;

import java.time.OffsetDateTime;

public record BuyerMessage(String caseId, String template, String recipient, String body, OffsetDateTime createdAt) {}
