package org.alliancetracker.localstack;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %service} in the local stack's log pattern: {@code [name] } of the part a line comes from (see
 * {@link ServiceLogNames}), else the JVM's application name as Spring Boot's pattern shows it, else nothing.
 */
public final class ServiceNameConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        String name = ServiceLogNames.of(event.getLoggerName());
        if (name == null && event.getLoggerContextVO() != null) {
            name = event.getLoggerContextVO().getPropertyMap().get("APPLICATION_NAME");
        }
        if (name == null) {
            name = System.getProperty("APPLICATION_NAME");
        }
        return name == null || name.isBlank() ? "" : "[" + name + "] ";
    }
}
