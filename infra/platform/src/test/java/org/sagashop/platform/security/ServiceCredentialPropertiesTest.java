package org.sagashop.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceCredentialPropertiesTest {

  private static final String CREDENTIAL = "test-only-service-credential-0123456789abcdef";

  @Test
  void matchesOnlyTheExactCredential() {
    var properties = new ServiceCredentialProperties(CREDENTIAL);

    assertThat(properties.matches(CREDENTIAL)).isTrue();
    assertThat(properties.matches(CREDENTIAL + "x")).isFalse();
    assertThat(properties.matches(CREDENTIAL.substring(1))).isFalse();
    assertThat(properties.matches("")).isFalse();
    assertThat(properties.matches(null)).isFalse();
  }

  @Test
  void admitsNobodyWhenNoCredentialIsConfigured() {
    var properties = new ServiceCredentialProperties(null);

    assertThat(properties.matches(null)).isFalse();
    assertThat(properties.matches("")).isFalse();
  }

  @Test
  void neverShowsTheCredentialInText() {
    assertThat(new ServiceCredentialProperties(CREDENTIAL).toString()).doesNotContain(CREDENTIAL);
  }
}
