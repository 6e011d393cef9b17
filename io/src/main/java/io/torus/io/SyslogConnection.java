package io.torus.io;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a syslog daemon, as Go's {@code log/syslog} dials it: {@code udp} and {@code tcp} to host:port,
 * {@code unix} (a stream socket) to a path, and {@code unixgram} (a datagram socket, what {@code /dev/log} usually is)
 * for the local daemon. Blocking; the caller serializes sends.
 */
abstract class SyslogConnection implements Closeable
{
    abstract void send(byte[] frame) throws IOException;

    static SyslogConnection open(final String network, final String address) throws IOException
    {
        switch (network)
        {
            case "udp": return new Udp(hostPort(address));
            case "tcp": return new Stream(SocketChannel.open(hostPort(address)));
            case "unix": return new Stream(SocketChannel.open(UnixDomainSocketAddress.of(address)));
            case "unixgram": return new UnixDatagram(address);
            default: throw new IOException("unknown network " + network);
        }
    }

    private static InetSocketAddress hostPort(final String address) throws IOException
    {
        final int colon = address.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IOException("missing port in address " + address);
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        try
        {
            return new InetSocketAddress(host.isEmpty() ? "localhost" : host,
                Integer.parseInt(address.substring(colon + 1)));
        }
        catch (final NumberFormatException e)
        {
            throw new IOException("invalid port in address " + address);
        }
    }

    private static final class Udp extends SyslogConnection
    {
        private final DatagramChannel channel;

        Udp(final InetSocketAddress to) throws IOException
        {
            channel = DatagramChannel.open(to.getAddress() instanceof java.net.Inet6Address ?
                StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.connect(to);
        }

        @Override
        void send(final byte[] frame) throws IOException
        {
            channel.write(ByteBuffer.wrap(frame));
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }

    /** TCP or a UNIX stream socket: frames are written back to back, each ending with a newline, as Go writes them. */
    private static final class Stream extends SyslogConnection
    {
        private final SocketChannel channel;

        Stream(final SocketChannel channel)
        {
            this.channel = channel;
        }

        @Override
        void send(final byte[] frame) throws IOException
        {
            final ByteBuffer b = ByteBuffer.wrap(frame);
            while (b.hasRemaining())
            {
                channel.write(b);
            }
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }

    /** The JDK has no UNIX datagram sockets: Netty's epoll transport does. One small event loop of its own. */
    private static final class UnixDatagram extends SyslogConnection
    {
        private final EventLoopGroup group;
        private final Channel channel;

        UnixDatagram(final String path) throws IOException
        {
            if (!Epoll.isAvailable())
            {
                throw new IOException("unix datagram sockets need the epoll transport: " + Epoll.unavailabilityCause());
            }
            group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            try
            {
                channel = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter()).connect(new DomainSocketAddress(path))
                    .syncUninterruptibly().channel();
            }
            catch (final RuntimeException e)
            {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        void send(final byte[] frame) throws IOException
        {
            try
            {
                channel.writeAndFlush(Unpooled.wrappedBuffer(frame)).syncUninterruptibly();
            }
            catch (final RuntimeException e)
            {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close()
        {
            channel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
    }
}
