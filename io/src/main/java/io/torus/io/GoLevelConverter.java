package io.torus.io;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Log levels as the Go server prints them: INF, DBG, TRC, WRN, ERR. */
public final class GoLevelConverter extends ClassicConverter
{
    @Override
    public String convert(final ILoggingEvent event)
    {
        switch (event.getLevel().toInt())
        {
            case Level.ERROR_INT: return "ERR";
            case Level.WARN_INT: return "WRN";
            case Level.DEBUG_INT: return "DBG";
            case Level.TRACE_INT: return "TRC";
            default: return "INF";
        }
    }
}
