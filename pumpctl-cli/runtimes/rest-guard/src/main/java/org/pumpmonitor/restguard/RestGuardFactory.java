package org.pumpmonitor.restguard;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.io.network.netty.InboundChannelHandlerFactory;

import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandler;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerAdapter;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerContext;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelPipeline;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpServerCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Puts a {@link RestGuard} into every connection of Flink's REST server. Flink loads this factory
 * through {@link java.util.ServiceLoader} and adds its handler behind its HTTP aggregator, where a
 * multipart upload is already on disk; the handler moves the guard up, right behind the HTTP
 * decoder. A pipeline without that decoder (a Flink version this guard does not know) gets its
 * connection closed: the API is never served unguarded.
 */
public final class RestGuardFactory implements InboundChannelHandlerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RestGuardFactory.class);
    static final String NAME = "pump-monitor-rest-guard";

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Optional<ChannelHandler> createHandler(Configuration configuration, Map<String, String> responseHeaders) {
        return Optional.of(new Installer(new RequestPolicy(configuration)));
    }

    /** Adds the guard behind the HTTP decoder, then leaves the pipeline. */
    private static final class Installer extends ChannelHandlerAdapter {
        private final RequestPolicy policy;

        Installer(RequestPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ChannelPipeline pipeline = ctx.pipeline();
            ChannelHandlerContext decoder = pipeline.context(HttpServerCodec.class);
            if (decoder == null) {
                LOG.error("The REST server's pipeline has no {}: this Flink version is not one the REST guard "
                        + "knows; closing the connection rather than serving it unguarded", HttpServerCodec.class.getName());
                ctx.channel().close();
                return;
            }
            pipeline.addAfter(decoder.name(), NAME, new RestGuard(policy));
            pipeline.remove(this);
        }
    }
}
