package org.sagashop.user.command;

/** The roles an access token can carry; services check them as {@code ROLE_<name>}. */
public final class Roles {

  public static final String USER = "USER";
  public static final String ADMIN = "ADMIN";

  private Roles() {}
}
