package org.sagashop.user.web;

public record RegisteredUser(String userId) {}
