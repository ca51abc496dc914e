package org.sagashop.platform;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Shows in {@code /actuator/info} which services this instance currently sees in the registry.
 * Commands are routed only to members the registry has announced, so start-up scripts wait until
 * every service sees its peers before they send the first order.
 */
public class DiscoveredServicesInfo implements InfoContributor {

  private final ObjectProvider<DiscoveryClient> discoveryClients;

  public DiscoveredServicesInfo(ObjectProvider<DiscoveryClient> discoveryClients) {
    this.discoveryClients = discoveryClients;
  }

  @Override
  public void contribute(Info.Builder builder) {
    DiscoveryClient discoveryClient = discoveryClients.getIfAvailable();
    if (discoveryClient == null) {
      return;
    }
    List<String> services =
        discoveryClient.getServices().stream()
            .filter(service -> !discoveryClient.getInstances(service).isEmpty())
            .sorted()
            .toList();
    builder.withDetail("discoveredServices", services);
  }
}
