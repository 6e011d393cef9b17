package io.torus.io;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code remote_syslog} (udp, tcp, unix) and {@code syslog} (local datagram socket) frames, as Go writes them. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SyslogAppenderTest
{
    private static final long PID = ProcessHandle.current().pid();
    private static final String REMOTE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2}) \\S+ torus-test\\[" +
        PID + "]: ";
    private static final String LOCAL = "[A-Z][a-z]{2} [ 1-3]\\d \\d{2}:\\d{2}:\\d{2} torus-test\\[" + PID + "]: ";

    private final LoggerContext context = new LoggerContext();
    private SyslogAppender appender;

    @TempDir
    Path dir;

    @AfterEach
    void stop()
    {
        if (appender != null)
        {
            appender.stop();
        }
        context.stop();
    }

    private Logger logger(final SyslogAppender a)
    {
        appender = a;
        a.setContext(context);
        a.start();
        final Logger logger = context.getLogger("test");
        logger.setLevel(Level.TRACE);
        logger.addAppender(a);
        return logger;
    }

    private static void assertFrame(final String expectedRegex, final String frame)
    {
        assertTrue(Pattern.compile(expectedRegex, Pattern.DOTALL).matcher(frame).matches(), frame);
    }

    @Test
    void remoteUdpSendsOneDatagramPerLineWithGosPriorityAndHeader() throws Exception
    {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            server.setSoTimeout(5000);
            final Logger log = logger(SyslogAppender.remote("udp://127.0.0.1:" + server.getLocalPort(), "torus-test"));
            log.info("Server is ready");
            log.warn("a warning");
            log.error("an error");
            log.debug("a debug line");
            log.trace("127.0.0.1:5 - cid:1 - <<- [PING]");
            // Facility kern (0), as Go's Dial with LOG_DEBUG: info and trace are notice (5).
            final String[] expected = {"<5>" + REMOTE + "Server is ready\n", "<4>" + REMOTE + "a warning\n",
                "<3>" + REMOTE + "an error\n", "<7>" + REMOTE + "a debug line\n",
                "<5>" + REMOTE + "127\\.0\\.0\\.1:5 - cid:1 - <<- \\[PING]\n"};
            for (final String e : expected)
            {
                final DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                server.receive(p);
                assertFrame(e, new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void remoteTcpWritesNewlineEndedFrames() throws Exception
    {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Logger log = logger(SyslogAppender.remote("tcp://127.0.0.1:" + server.getLocalPort(), "torus-test"));
            log.info("first");
            log.error("second");
            try (Socket s = server.accept())
            {
                s.setSoTimeout(5000);
                final BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.UTF_8));
                assertFrame("<5>" + REMOTE + "first", in.readLine());
                assertFrame("<3>" + REMOTE + "second", in.readLine());
            }
        }
    }

    @Test
    void remoteUnixStreamSocket() throws Exception
    {
        final Path path = dir.resolve("syslog.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            server.bind(UnixDomainSocketAddress.of(path));
            final Logger log = logger(SyslogAppender.remote("unix://" + path, "torus-test"));
            log.info("over a unix socket");
            try (SocketChannel s = server.accept())
            {
                final ByteBuffer b = ByteBuffer.allocate(2048);
                while (b.position() == 0 || b.get(b.position() - 1) != '\n')
                {
                    s.read(b);
                }
                assertFrame("<5>" + REMOTE + "over a unix socket\n",
                    new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void localSyslogUsesTheDatagramSocketWithGosLocalFormatAndFacilityDaemon() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "unix datagram sockets need epoll");
        final Path path = dir.resolve("dev-log");
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try
        {
            final Channel server = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>()
                {
                    @Override
                    protected void channelRead0(final ChannelHandlerContext ctx, final DomainDatagramPacket msg)
                    {
                        final ByteBuf b = msg.content();
                        received.add(b.toString(StandardCharsets.UTF_8));
                    }
                }).bind(new DomainSocketAddress(path.toString())).sync().channel();
            final Logger log = logger(SyslogAppender.local(List.of(dir.resolve("absent").toString(), path.toString()),
                "torus-test"));
            log.info("to the local daemon");
            log.warn("a warning");
            final String first = received.poll(5, TimeUnit.SECONDS);
            assertNotNull(first);
            assertFrame("<29>" + LOCAL + "to the local daemon\n", first);
            assertFrame("<28>" + LOCAL + "a warning\n", received.poll(5, TimeUnit.SECONDS));
            server.close().sync();
        }
        finally
        {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
        }
    }

    @Test
    void noLocalDaemonFailsAsGoDoes()
    {
        final SyslogAppender a = SyslogAppender.local(List.of(dir.resolve("absent").toString()), "torus-test");
        a.setContext(context);
        final IllegalStateException e = assertThrows(IllegalStateException.class, a::start);
        assertEquals("error connecting to syslog: \"Unix syslog delivery error\"", e.getMessage());
    }

    @Test
    void anUnknownSchemeIsRefusedAsGoRefusesIt()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SyslogAppender.remote("http://127.0.0.1:514", "torus-test"));
        assertEquals("error invalid network type: \"http\"", e.getMessage());
    }
}
