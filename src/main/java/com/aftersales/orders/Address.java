package com.aftersales.orders;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record Address(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 200) String line1,
        @Size(max = 200) String line2,
        @NotBlank @Size(max = 100) String city,
        @Size(max = 100) String region,
        @NotBlank @Size(max = 20) String postalCode,

        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 two-letter code such as US")
        String country) {

    /** One line, as an agent reads it on a form. */
    public String asText() {
        StringBuilder text = new StringBuilder(name).append(", ").append(line1);
        if (line2 != null && !line2.isBlank()) text.append(", ").append(line2);
        text.append(", ").append(postalCode).append(' ').append(city);
        if (region != null && !region.isBlank()) text.append(", ").append(region);
        return text.append(", ").append(country).toString();
    }
}
