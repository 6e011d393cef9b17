package io.torus.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code --signal <command>[=<pid or pid file>]}: sends a running server the signal the Go server's command maps to
 * (stop SIGKILL, quit SIGINT, term SIGTERM, reopen SIGUSR1, reload SIGHUP, ldm SIGUSR2). Without a pid it finds
 * the one running Torus server, as Go does with pgrep; several running is an error that lists them.
 */
final class SignalCommand
{
    private SignalCommand()
    {
    }

    /** Returns null when sent, else the error text to print. */
    static String send(final String arg)
    {
        final int eq = arg.indexOf('=');
        final String command = eq < 0 ? arg : arg.substring(0, eq);
        final String target = eq < 0 ? "" : arg.substring(eq + 1);
        final String signal;
        switch (command)
        {
            case "stop": signal = "KILL"; break;
            case "quit": signal = "INT"; break;
            case "term": signal = "TERM"; break;
            case "reopen": signal = "USR1"; break;
            case "reload": signal = "HUP"; break;
            case "ldm": signal = "USR2"; break;
            default: return "unknown signal \"" + command + "\"";
        }
        final long pid;
        if (target.isEmpty())
        {
            final List<Long> pids = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains("io.torus.io.Main")).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toList());
            if (pids.isEmpty())
            {
                return "no torus-server processes running";
            }
            if (pids.size() > 1)
            {
                return "multiple torus-server processes running:\n" +
                    pids.stream().map(String::valueOf).collect(Collectors.joining("\n"));
            }
            pid = pids.get(0);
        }
        else
        {
            try
            {
                pid = Long.parseLong(pidText(target));
            }
            catch (final NumberFormatException | IOException e)
            {
                return "invalid pid: " + target;
            }
        }
        try
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            return kill.waitFor() == 0 ? null : "could not send SIG" + signal + " to " + pid;
        }
        catch (final IOException e)
        {
            return e.getMessage();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A pid, or the path of a pid file holding one. */
    private static String pidText(final String target) throws IOException
    {
        final String t = target.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit))
        {
            return t;
        }
        return Files.readString(Path.of(t)).trim();
    }
}
