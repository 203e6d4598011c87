package com.aftersales.cases;

import com.aftersales.config.ApiProblem;
import com.aftersales.config.IdempotentRequests;
import com.aftersales.orders.CustomerTier;
import com.aftersales.orders.Money;
import com.aftersales.orders.Order;
import com.aftersales.orders.OrderRepository;
import com.aftersales.orders.OrderStatus;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Opens cases: checks the order allows the case, stores it and starts its process (business key = case id). */
@Service
public class CaseIntake {

    /** R-CARE-3: started beside the case's flow when an at-risk buyer opens a case (bpmn/proactive-call.bpmn). */
    public static final String PROACTIVE_CALL_PROCESS = "Process_ProactiveCall";

    private static final char[] ID_CHARS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private final SecureRandom random = new SecureRandom();

    private final CaseRepository cases;
    private final OrderRepository orders;
    private final RuntimeService runtime;
    private final IdempotentRequests idempotentRequests;

    public CaseIntake(
            CaseRepository cases,
            OrderRepository orders,
            RuntimeService runtime,
            IdempotentRequests idempotentRequests) {
        this.cases = cases;
        this.orders = orders;
        this.runtime = runtime;
        this.idempotentRequests = idempotentRequests;
    }

    /**
     * All in one transaction: a case whose process cannot start is not stored either; the request's
     * Idempotency-Key records the case in the same transaction (a retry after a crash gets this case).
     */
    @Transactional
    public String open(OpenCaseRequest request, String openedBy) {
        Order order = orders.find(request.orderId())
                .orElseThrow(() -> ApiProblem.notFound(
                        "Order",
                        "There is no order " + request.orderId() + ". Send it first with PUT /api/orders/"
                                + request.orderId() + "."));
        CaseType type = request.type();
        if (!type.flowBuilt()) {
            throw new ApiProblem(
                    HttpStatus.NOT_IMPLEMENTED,
                    "case-type-not-supported",
                    "Case type not supported yet",
                    "Cases of type " + type + " cannot be opened yet: their flow is not built. Supported now: "
                            + List.of(CaseType.values()).stream()
                                    .filter(CaseType::flowBuilt)
                                    .toList() + ".");
        }
        checkAllowed(type, order, request);
        // Opens of one order take turns (the order's row, on every node), so a second request finds the first one's
        // case below; the unique constraint on (order_id, open_case_type) refuses a second open case in any case.
        orders.lock(order.orderId());
        cases.openCaseId(order.orderId(), type).ifPresent(open -> {
            throw alreadyOpen(order.orderId(), type, open);
        });

        String caseId = newCaseId();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        cases.insert(new CaseRow(
                caseId,
                order.orderId(),
                type,
                CaseStatus.OPEN,
                null,
                null,
                null,
                request.description(),
                request.evidence() == null ? List.of() : request.evidence(),
                request.newAddress(),
                List.of(),
                null,
                openedBy,
                now,
                now));
        cases.recordOrder(caseId, order);
        cases.addTimeline(
                caseId,
                "Case opened by " + openedBy + ": " + type + ", buyer " + order.customerTier() + " (R-CARE-3)",
                request.description() == null ? null : " — " + request.description());
        ProcessInstance instance = runtime.startProcessInstanceByKey(
                type.processKey(), caseId, startVariables(caseId, type, order, request));
        cases.setProcessInstanceId(caseId, instance.getId());
        if (order.customerTier() == CustomerTier.AT_RISK)
            runtime.startProcessInstanceByKey(
                    PROACTIVE_CALL_PROCESS, caseId, startVariables(caseId, type, order, request));
        idempotentRequests.caseOpened(caseId);
        return caseId;
    }

    /**
     * 409 {@code case-already-open} with the open case's id: one open case per order and type (issue 11, finding 3).
     * Found by the check above, or after the database refused a second one that a parallel request opened first.
     */
    public static ApiProblem alreadyOpen(String orderId, CaseType type, String openCaseId) {
        return ApiProblem.conflict(
                        "case-already-open",
                        "A case of this type is already open for the order",
                        "Order " + orderId + " already has an open " + type + " case: " + openCaseId + ".")
                .with("caseId", openCaseId);
    }

    private static void checkAllowed(CaseType type, Order order, OpenCaseRequest request) {
        if (type != CaseType.ADDRESS_CHANGE && request.newAddress() != null) {
            throw ApiProblem.invalid("newAddress", "is only for ADDRESS_CHANGE cases");
        }
        if (type != CaseType.NO_REASON_RETURN) {
            if (request.itemCondition() != null)
                throw ApiProblem.invalid("itemCondition", "is only for NO_REASON_RETURN cases");
            if (request.itemOpened() != null)
                throw ApiProblem.invalid("itemOpened", "is only for NO_REASON_RETURN cases");
            if (request.nearExpiry() != null)
                throw ApiProblem.invalid("nearExpiry", "is only for NO_REASON_RETURN cases");
        }
        if (order.status() == OrderStatus.CANCELLED) {
            throw ApiProblem.conflict(
                    "order-cancelled",
                    "The order is cancelled",
                    "Order " + order.orderId() + " is cancelled; no " + type + " case can be opened for it.");
        }
        switch (type) {
            case ADDRESS_CHANGE -> {
                if (request.newAddress() == null)
                    throw ApiProblem.invalid("newAddress", "is required for an ADDRESS_CHANGE case");
                if (order.status() == OrderStatus.DELIVERED) {
                    throw ApiProblem.conflict(
                                    "order-delivered",
                                    "The order is already delivered",
                                    "Order " + order.orderId()
                                            + " was delivered, so its address can no longer be changed (R-ADDR-4). "
                                            + "If the buyer says it never arrived, open a NOT_RECEIVED case.")
                            .with("ruleId", "R-ADDR-4");
                }
            }
            case CANCELLATION -> {
                if (request.description() == null || request.description().isBlank()) {
                    throw ApiProblem.invalid("description", "give the buyer's reason for cancelling (R-CAN-1)");
                }
                if (order.status() == OrderStatus.DELIVERED) {
                    throw ApiProblem.conflict(
                                    "order-delivered",
                                    "The order is already delivered",
                                    "Order " + order.orderId() + " was delivered and can no longer be cancelled; "
                                            + "open a NO_REASON_RETURN case instead (R-CAN-2).")
                            .with("ruleId", "R-CAN-2");
                }
            }
            case NOT_RECEIVED, DAMAGED, QUALITY_DEFECT, WRONG_OR_MISSING_ITEM, NOT_AS_DESCRIBED -> {
                if (order.status() == OrderStatus.PAID) {
                    throw ApiProblem.conflict(
                            "order-not-shipped",
                            "The order has not shipped",
                            "Order " + order.orderId() + " has not shipped yet, so it cannot be "
                                    + switch (type) {
                                        case DAMAGED -> "damaged in transit";
                                        case QUALITY_DEFECT -> "defective in the buyer's hands";
                                        case WRONG_OR_MISSING_ITEM -> "wrong or incomplete in the buyer's hands";
                                        case NOT_AS_DESCRIBED -> "compared with its listing by the buyer";
                                        default -> "missing";
                                    }
                                    + "; open a CANCELLATION or ADDRESS_CHANGE case instead.");
                }
            }
            case NO_REASON_RETURN -> {
                if (order.status() != OrderStatus.DELIVERED) {
                    throw ApiProblem.conflict(
                                    "order-not-delivered",
                                    "The order is not delivered yet",
                                    "Order " + order.orderId()
                                            + " has not been delivered, so there is nothing to return yet (R-RET-1 counts "
                                            + "from delivery); open a CANCELLATION case instead.")
                            .with("ruleId", "R-RET-1");
                }
            }
            default -> {}
        }
    }

    private static VariableMap startVariables(String caseId, CaseType type, Order order, OpenCaseRequest request) {
        VariableMap variables = Variables.createVariables()
                .putValue(CaseVariables.CASE_ID, caseId)
                .putValue(CaseVariables.CASE_TYPE, type.name())
                .putValue(CaseVariables.ORDER_ID, order.orderId())
                .putValue(CaseVariables.ORDER_STATUS, order.status().name())
                .putValue(CaseVariables.SHIPMENT_STAGE, order.shipmentStage().name())
                .putValue(CaseVariables.ORDER_VALUE, Money.asVariable(order.orderValue()))
                .putValue(CaseVariables.SHIPPING_FEE, Money.asVariable(order.shippingFee()))
                .putValue(CaseVariables.ORDER_VALUE_TEXT, Money.format(order.orderValue(), order.currency()))
                .putValue(CaseVariables.SHIPPING_FEE_TEXT, Money.format(order.shippingFee(), order.currency()))
                .putValue(CaseVariables.CURRENCY, order.currency())
                .putValue(CaseVariables.PLATFORM, order.platform().name())
                .putValue(CaseVariables.BUYER_NAME, order.buyer().name())
                .putValue(CaseVariables.BUYER_REASON, request.description() == null ? "" : request.description())
                .putValue(CaseVariables.CURRENT_ADDRESS, order.shippingAddress().asText())
                .putValue(
                        CaseVariables.CARRIER,
                        order.shipment() == null || order.shipment().carrier() == null
                                ? ""
                                : order.shipment().carrier())
                .putValue(
                        CaseVariables.TRACKING_NUMBER,
                        order.shipment() == null || order.shipment().trackingNumber() == null
                                ? ""
                                : order.shipment().trackingNumber());
        LocalDate latest = order.shipment() == null ? null : order.shipment().latestDeliveryDate();
        // R-RET-1: the return window counts from delivery, by the engine clock (timers and tests move it)
        OffsetDateTime deliveredAt =
                order.shipment() == null ? null : order.shipment().deliveredAt();
        variables
                .putValue(
                        CaseVariables.DELIVERED_ON,
                        deliveredAt == null ? "" : deliveredAt.toLocalDate().toString())
                .putValue(
                        CaseVariables.DAYS_SINCE_DELIVERY,
                        deliveredAt == null
                                ? 0
                                : (int) ChronoUnit.DAYS.between(
                                        deliveredAt
                                                .atZoneSameInstant(ZoneOffset.UTC)
                                                .toLocalDate(),
                                        EngineClock.today()))
                .putValue(
                        CaseVariables.ITEM_CATEGORY,
                        order.items().get(0).category() == null
                                ? ""
                                : order.items().get(0).category())
                .putValue(CaseVariables.ITEM_SKU, order.items().get(0).sku())
                .putValue(CaseVariables.ITEM_TITLE, order.items().get(0).title());
        variables
                .putValue(CaseVariables.LATEST_DELIVERY_DATE, latest == null ? "" : latest.toString())
                .putValue(
                        CaseVariables.INSURED,
                        order.shipment() != null
                                && Boolean.TRUE.equals(order.shipment().insured()));
        if (request.newAddress() != null)
            variables.putValue(CaseVariables.NEW_ADDRESS, request.newAddress().asText());
        if (type == CaseType.NO_REASON_RETURN) {
            // R-RET-2, R-RET-3: what the shop reports for the buyer; null = not reported (the ReturnEligibility table
            // then
            // leaves the case to an agent)
            variables
                    .putValue(
                            CaseVariables.ITEM_CONDITION,
                            request.itemCondition() == null
                                    ? null
                                    : request.itemCondition().name())
                    .putValue(CaseVariables.ITEM_OPENED, request.itemOpened())
                    .putValue(CaseVariables.NEAR_EXPIRY, request.nearExpiry());
        }
        return variables;
    }

    private String newCaseId() {
        StringBuilder id = new StringBuilder("C-");
        for (int i = 0; i < 10; i++) id.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
        return id.toString();
    }
}
