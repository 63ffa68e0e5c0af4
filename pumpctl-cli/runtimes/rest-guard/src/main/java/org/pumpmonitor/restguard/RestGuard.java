package org.pumpmonitor.restguard;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.netty4.io.netty.buffer.Unpooled;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelFuture;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelFutureListener;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerContext;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.DefaultFullHttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.FullHttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaderNames;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaderValues;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaders;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpRequest;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpVersion;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.LastHttpContent;
import org.apache.flink.shaded.netty4.io.netty.util.ReferenceCountUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a request the {@link RequestPolicy} refuses with 403 and a JSON error in Flink's format,
 * and passes every other request on. It sits right behind the HTTP decoder, before Flink's
 * {@code FileUploadHandler}: a refused upload is answered at once, its body is read and dropped,
 * and nothing of it reaches the disk. The connection is closed after a refused request. One
 * instance per connection.
 */
final class RestGuard extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RestGuard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestPolicy policy;
    /** The 403 answer, while the body of the refused request is still coming; null otherwise. */
    private ChannelFuture refusal;

    RestGuard(RequestPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof HttpRequest && refusal == null) {
            HttpRequest request = (HttpRequest) message;
            Optional<String> reason = policy.refusal(request(request));
            if (reason.isPresent()) {
                refuse(ctx, request, reason.get());
            }
        }
        if (refusal == null) {
            ctx.fireChannelRead(message);
            return;
        }
        boolean last = message instanceof LastHttpContent;
        ReferenceCountUtil.release(message);
        if (last) {
            refusal.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest request, String reason) throws Exception {
        HttpHeaders headers = request.headers();
        LOG.warn("refused {} {} (Host {}, Origin {}, Sec-Fetch-Site {}, from {}): {}", request.method(),
                request.uri(), shown(headers.get(HttpHeaderNames.HOST)), shown(headers.get(HttpHeaderNames.ORIGIN)),
                shown(headers.get("Sec-Fetch-Site")), ctx.channel().remoteAddress(), reason);
        byte[] body = JSON.writeValueAsBytes(Map.of("errors", List.of("Refused by pump-monitor's REST guard: " + reason)));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        refusal = ctx.writeAndFlush(response);
    }

    /** A header's value as the log shows it: an absent header is not the value "null" a browser may send. */
    private static String shown(String header) {
        return header == null ? "(none)" : "'" + header + "'";
    }

    private static RequestPolicy.Request request(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return new RequestPolicy.Request(request.method().name(), request.uri(), headers.get(HttpHeaderNames.HOST),
                headers.get(HttpHeaderNames.ORIGIN), headers.get("Sec-Fetch-Site"), headers.get("Sec-Fetch-Mode"));
    }
}
