package org.sagashop.payment.web;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import org.sagashop.payment.command.AccountLimits;

public record DepositRequest(
    @NotNull(message = "is required")
        @DecimalMin(value = AccountLimits.MIN_DEPOSIT, message = "must be at least {value}")
        @DecimalMax(value = AccountLimits.MAX_DEPOSIT, message = "must be at most {value}")
        @Digits(
            integer = 6,
            fraction = AccountLimits.MONEY_DECIMALS,
            message = "must have at most {fraction} decimal places")
        BigDecimal amount) {}
