package com.aftersales.deployments;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A bean the diagrams may name, the one list of them: on a class annotated as a Spring bean, or on a
 * {@code @Bean} method. A {@code JavaDelegate} is bound with {@code camunda:delegateExpression="${name}"};
 * any other process bean is called in expressions, {@code ${caseRecord.status(execution, 'OPEN')}}, with
 * its public methods. The engine resolves no other bean in expressions ({@link ProcessBeans}), and the
 * deploy-time check ({@link DeploymentCheck}) refuses a diagram that names one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ProcessBean {}
