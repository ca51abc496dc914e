package org.sagashop.gateway.protection;

import java.net.InetSocketAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a request came from, as the connection shows it. Headers like {@code X-Forwarded-For}
 * are written by the client and are never taken for it (the gateway is the edge, see {@code
 * server.forward-headers-strategy} in its configuration).
 */
final class ClientAddress {

  private ClientAddress() {}

  static String of(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    if (remote == null) {
      return "unknown";
    }
    return remote.getAddress() != null
        ? remote.getAddress().getHostAddress()
        : remote.getHostString();
  }
}
