package com.aftersales.cases;

import com.aftersales.orders.Address;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

public record OpenCaseRequest(
        @NotBlank @Size(max = 64) String orderId,
        @NotNull CaseType type,
        @Size(max = 4000) String description,
        @Size(max = 20) List<@NotBlank @Size(max = 2000) String> evidence,
        @Valid Address newAddress,

        @Schema(
                description = "NO_REASON_RETURN only, optional: the item's state as the buyer reports it "
                        + "(R-RET-2, R-RET-3). With itemOpened and nearExpiry the ReturnEligibility table decides "
                        + "the return when the case opens; what is not sent leaves it to an agent")
        ItemCondition itemCondition,

        @Schema(description = "NO_REASON_RETURN only, optional: whether the buyer opened the packaging (R-RET-2)")
        Boolean itemOpened,

        @Schema(description = "NO_REASON_RETURN only, optional: whether the item is close to its expiry date (R-RET-3)")
        Boolean nearExpiry) {}
