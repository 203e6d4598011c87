package com.aftersales;

import javax.xml.datatype.DatatypeFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AfterSalesApplication {

    static {
        // Camunda makes a javax.xml DatatypeFactory for every timer's due date; unless the property names the JDK's
        // own, JAXP first looks for another through every jar of the class path, each time (issue 16: 2.5 % of the
        // CPU of a process with one user task, whose two SLA timers are made with it)
        if (System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
            System.setProperty(
                    DatatypeFactory.DATATYPEFACTORY_PROPERTY, DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(AfterSalesApplication.class, args);
    }
}
