package io.torus.io.monitor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.torus.io.TorusServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Routes monitoring requests to their endpoints and answers as Go's {@code net/http} handlers do: JSON as
 * {@code application/json}, JSONP ({@code ?callback=f}) as {@code application/javascript}, a bad parameter as 400
 * with Go's text ({@code text/plain}), an unknown path as Go's 404. Go 2.9.10 sends no CORS header, nor does this.
 * <p>
 * Shared by every monitoring connection; they all run on the monitoring server's single event loop.
 */
@ChannelHandler.Sharable
final class MonitoringHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final Logger LOG = LoggerFactory.getLogger("io.torus.server");
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final MonitoringServer monitoring;
    private final Map<String, Endpoint> json = new HashMap<>();
    private final Endpoint metrics;
    private final byte[] index;

    MonitoringHandler(final TorusServer server, final MonitoringServer monitoring)
    {
        this.monitoring = monitoring;
        final FeatureOffEndpoints off = new FeatureOffEndpoints(server);
        final SubszEndpoint subsz = new SubszEndpoint(server);
        json.put("/varz", new VarzEndpoint(server, monitoring));
        json.put("/connz", new ConnzEndpoint(server));
        json.put("/subsz", subsz);
        json.put("/subscriptionsz", subsz);
        json.put("/routez", off::routez);
        json.put("/gatewayz", off::gatewayz);
        json.put("/leafz", off::leafz);
        json.put("/accountz", new AccountzEndpoint(server));
        json.put("/accstatz", new AccstatzEndpoint(server));
        json.put("/jsz", off::jsz);
        json.put("/healthz", off::healthz);
        json.put("/stacksz", new StackszEndpoint());
        metrics = new MetricsEndpoint(server);
        index = loadIndex();
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        final String base = monitoring.basePath();
        final String path = uri.path();
        FullHttpResponse response;
        if (path.equals(base.isEmpty() ? "/" : base))
        {
            monitoring.countRequest("/");
            response = response(HttpResponseStatus.OK, "text/html; charset=utf-8", index);
        }
        else if (path.startsWith(base + "/"))
        {
            response = route(path.substring(base.length()), new QueryParams(uri));
        }
        else
        {
            response = notFound();
        }
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive)
        {
            ctx.writeAndFlush(response);
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse route(final String path, final QueryParams query)
    {
        final Endpoint endpoint = json.get(path);
        try
        {
            if (endpoint != null)
            {
                if (!"/stacksz".equals(path))
                {
                    // Go counts every endpoint but this one.
                    monitoring.countRequest("/subscriptionsz".equals(path) ? "/subsz" : path);
                }
                final String body = endpoint.render(query);
                final String callback = query.get("callback");
                if (!callback.isEmpty())
                {
                    return response(HttpResponseStatus.OK, "application/javascript",
                        (callback + "(" + body + ")").getBytes(StandardCharsets.UTF_8));
                }
                return response(HttpResponseStatus.OK, JSON, body.getBytes(StandardCharsets.UTF_8));
            }
            if ("/metrics".equals(path))
            {
                monitoring.countRequest(path);
                return response(HttpResponseStatus.OK, MetricsEndpoint.CONTENT_TYPE,
                    metrics.render(query).getBytes(StandardCharsets.UTF_8));
            }
            return notFound();
        }
        catch (final BadRequestException e)
        {
            return response(HttpResponseStatus.BAD_REQUEST, TEXT, e.getMessage().getBytes(StandardCharsets.UTF_8));
        }
        catch (final RuntimeException e)
        {
            LOG.error("Error rendering monitoring path {}", path, e);
            return response(HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT,
                String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static FullHttpResponse notFound()
    {
        final FullHttpResponse r = response(HttpResponseStatus.NOT_FOUND, TEXT,
            "404 page not found\n".getBytes(StandardCharsets.UTF_8));
        r.headers().set("X-Content-Type-Options", "nosniff");
        return r;
    }

    private static FullHttpResponse response(final HttpResponseStatus status, final String type, final byte[] body)
    {
        final ByteBuf content = Unpooled.wrappedBuffer(body);
        final FullHttpResponse r = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
            status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        LOG.debug("Monitoring connection error: {}", cause.toString());
        ctx.close();
    }

    private static byte[] loadIndex()
    {
        try (InputStream in = MonitoringHandler.class.getResourceAsStream("index.html"))
        {
            if (in == null)
            {
                throw new IllegalStateException("index.html missing from the io jar");
            }
            return in.readAllBytes();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
