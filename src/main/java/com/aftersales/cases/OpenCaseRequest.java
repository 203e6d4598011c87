package com.aftersales.cases;

import com.aftersales.orders.Address;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

public record OpenCaseRequest(@NotBlank @Size(max = 64) String orderId,
                              @NotNull CaseType type,
                              @Size(max = 4000) String description,
                              @Size(max = 20) List<@NotBlank @Size(max = 2000) String> evidence,
                              @Valid Address newAddress) { }
