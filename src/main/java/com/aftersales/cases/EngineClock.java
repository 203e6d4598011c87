package com.aftersales.cases;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** The engine's clock, which its timers follow and tests move: deadlines and windows are counted by it, in UTC. */
public final class EngineClock {

    private EngineClock() {}

    public static OffsetDateTime now() {
        return ClockUtil.getCurrentTime().toInstant().atOffset(ZoneOffset.UTC);
    }

    public static LocalDate today() {
        return now().toLocalDate();
    }
}
