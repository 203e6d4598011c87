package com.aftersales.deployments;

import java.util.Set;

/** The beans a diagram may name ({@link ProcessBean}), and whether a name is some other bean of the app. */
interface ProcessBeanCatalog {

    /** The names of the process beans. */
    Set<String> names();

    /** The class of the process bean of that name; {@code null} when no process bean has the name. */
    Class<?> type(String name);

    /** Whether the name is a bean of the application that is not a process bean (never reachable from a diagram). */
    boolean isOtherBean(String name);
}
