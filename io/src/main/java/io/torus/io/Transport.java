package io.torus.io;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

import java.util.Locale;

/**
 * The Netty transport for listeners: io_uring when the kernel allows it, else epoll, else NIO. Availability is probed
 * once; asking for a transport that is not available falls back down the same order, with the reason logged.
 */
public enum Transport
{
    IO_URING, EPOLL, NIO;

    public static String parseName(final String name)
    {
        final String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (n)
        {
            case "auto": case "io_uring": case "iouring": case "epoll": case "nio": return n.equals("iouring") ? "io_uring" : n;
            default: throw new IllegalArgumentException("unknown transport '" + name + "' (auto, io_uring, epoll, nio)");
        }
    }

    public boolean isAvailable()
    {
        switch (this)
        {
            case IO_URING: return IoUring.isAvailable();
            case EPOLL: return Epoll.isAvailable();
            default: return true;
        }
    }

    public String unavailabilityCause()
    {
        switch (this)
        {
            case IO_URING: return String.valueOf(IoUring.unavailabilityCause());
            case EPOLL: return String.valueOf(Epoll.unavailabilityCause());
            default: return "";
        }
    }

    /** The best available transport at or below the requested one ("auto" means the best of all). */
    public static Transport select(final String requested, final java.util.function.Consumer<String> log)
    {
        final Transport start = "auto".equals(requested) ? IO_URING : valueOf(requested.toUpperCase(Locale.ROOT));
        for (final Transport t : values())
        {
            if (t.ordinal() < start.ordinal())
            {
                continue;
            }
            if (t.isAvailable())
            {
                return t;
            }
            log.accept(t.displayName() + " not available: " + t.unavailabilityCause());
        }
        return NIO;
    }

    public IoHandlerFactory ioHandlerFactory()
    {
        switch (this)
        {
            case IO_URING: return IoUringIoHandler.newFactory();
            case EPOLL: return EpollIoHandler.newFactory();
            default: return NioIoHandler.newFactory();
        }
    }

    public Class<? extends ServerChannel> serverChannelClass()
    {
        switch (this)
        {
            case IO_URING: return IoUringServerSocketChannel.class;
            case EPOLL: return EpollServerSocketChannel.class;
            default: return NioServerSocketChannel.class;
        }
    }

    public String displayName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
