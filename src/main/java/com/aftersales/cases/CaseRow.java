package com.aftersales.cases;

import com.aftersales.orders.Address;
import java.time.OffsetDateTime;
import java.util.List;

/** What the app stores of a case beside its process instance. */
public record CaseRow(
        String caseId,
        String orderId,
        CaseType type,
        CaseStatus status,
        String responsibility,
        String resolution,
        String returnShippingPaidBy,
        String description,
        List<String> evidence,
        Address newAddress,
        List<String> rulesApplied,
        String processInstanceId,
        String openedBy,
        OffsetDateTime openedAt,
        OffsetDateTime updatedAt) {}
