package com.aftersales.orders;

public enum OrderStatus {
    PAID,
    SHIPPED,
    DELIVERED,
    CANCELLED
}
