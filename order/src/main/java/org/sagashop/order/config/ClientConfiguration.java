package org.sagashop.order.config;

import org.sagashop.order.client.UserClient;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP clients of other services. Declared here rather than on the application class, so that
 * test slices of the web layer do not have to build them.
 */
@Configuration(proxyBeanMethods = false)
@EnableFeignClients(clients = UserClient.class)
public class ClientConfiguration {}
