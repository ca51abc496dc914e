package org.sagashop.gateway.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Keeps a kept-alive connection readable after every answer, working around a defect of Reactor
 * Netty 1.2.11's HTTP/1.1 server.
 *
 * <p>The server reads a connection only when it asks for the next read, which it does as it
 * finishes an answer. A request that arrives before the previous answer is finished on the
 * connection's own thread is queued as pipelined; and the gateway finishes most answers on other
 * threads (a routed answer comes from its HTTP client's threads, a checked token from Reactor's
 * boundedElastic scheduler, a page of the front end from a file). If the queued request is then
 * answered at once, as a refusal or a small file is, the server drains its queue and never asks for
 * the next read: the client's next request on that connection lies unread in the socket until the
 * client gives up (KeepAliveTest; the 30 s FrontEndTest timeouts of issue #9). A browser hits it as
 * well as a test client does.
 *
 * <p>So after each answer has gone out, once the server has drained its queue, the connection is
 * asked for its next read once more. Asking again when the server did ask already changes nothing.
 * This can go when Reactor Netty resumes the read itself (reactor/reactor-netty#4347, #4361).
 */
@Component
class ResumeReadingAfterEachAnswer implements NettyServerCustomizer {

  static final String HANDLER_NAME = "sagashop.resumeReadingAfterEachAnswer";

  @Override
  public HttpServer apply(HttpServer server) {
    return server.doOnChannelInit(
        (observer, channel, remoteAddress) -> {
          ChannelPipeline pipeline = channel.pipeline();
          // HTTP/1.1 only: there is no such handler (and no such defect) on an HTTP/2 connection
          if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
            pipeline.addBefore(
                NettyPipeline.HttpTrafficHandler, HANDLER_NAME, new ReadAgainAfterLastContent());
          }
        });
  }

  /** Sits between the HTTP codec and Reactor Netty's traffic handler, on the way out. */
  private static final class ReadAgainAfterLastContent extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
      if (!(message instanceof LastHttpContent)) {
        ctx.write(message, promise);
        return;
      }
      ctx.write(message, promise.unvoid())
          .addListener(
              // queued behind whatever the traffic handler scheduled when it saw the same answer
              // end (draining its queue of pipelined requests), so the read is asked for after it
              written ->
                  ctx.executor()
                      .execute(
                          () -> {
                            if (ctx.channel().isActive()) {
                              ctx.read();
                            }
                          }));
    }
  }
}
