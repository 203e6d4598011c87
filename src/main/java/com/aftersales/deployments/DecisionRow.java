package com.aftersales.deployments;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a parameter of a process bean's method: the value a diagram passes (a rule ID such as
 * {@code 'R-SLA-3'}) selects a row of this decision table, with this input variable. The deploy-time
 * check refuses a diagram whose rule ID the table (deployed, or in the same deployment) has no row
 * for, and a new version of the table that drops a row a deployed diagram uses.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface DecisionRow {

    /** The decision key, e.g. {@code ServiceLevel}. */
    String decision();

    /** The input variable the table matches the value against, e.g. {@code slaRuleId}. */
    String input();
}
