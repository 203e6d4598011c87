package com.aftersales.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A problem+json answer an endpoint of /api can give, beside those every endpoint can ({@link ApiDocument}): its
 * status, its problem type ({@code urn:after-sales:problem:<type>}) and when. The OpenAPI document lists it under
 * the operation.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(ProblemAnswer.List.class)
public @interface ProblemAnswer {

    int status();

    /** The problem type's name: {@code case-already-open} for {@code urn:after-sales:problem:case-already-open}. */
    String type();

    /** When the caller gets it, in a few words. */
    String when();

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @interface List {
        ProblemAnswer[] value();
    }
}
