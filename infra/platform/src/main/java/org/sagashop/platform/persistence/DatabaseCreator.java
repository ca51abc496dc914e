package org.sagashop.platform.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Creates the service's own PostgreSQL database the first time the service starts, so that a fresh
 * machine needs no manual SQL step. It connects to the server's maintenance database with the same
 * credentials, before the connection pool opens its first connection and before Flyway runs.
 */
public class DatabaseCreator implements BeanPostProcessor {

  private static final Logger log = LoggerFactory.getLogger(DatabaseCreator.class);
  private static final Pattern POSTGRES_URL =
      Pattern.compile("^(jdbc:postgresql://[^/]+/)([A-Za-z0-9_]+)(\\?.*)?$");

  private final String maintenanceDatabase;

  public DatabaseCreator(String maintenanceDatabase) {
    this.maintenanceDatabase = maintenanceDatabase;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
      createIfMissing(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
    }
    return bean;
  }

  void createIfMissing(String jdbcUrl, String user, String password) {
    Matcher url = POSTGRES_URL.matcher(jdbcUrl);
    if (!url.matches()) {
      return;
    }
    String database = url.group(2);
    String maintenanceUrl =
        url.group(1) + maintenanceDatabase + (url.group(3) == null ? "" : url.group(3));
    try (Connection connection = DriverManager.getConnection(maintenanceUrl, user, password);
        PreparedStatement exists =
            connection.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rows = exists.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        // the name was checked against [A-Za-z0-9_]+ above, so it cannot inject SQL
        create.execute("create database \"" + database + "\"");
        log.info("Created database {}", database);
      }
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState())) {
        return; // another instance created it at the same moment
      }
      log.warn(
          "Could not check or create database {} ({}); the connection pool will report why",
          database,
          e.getMessage());
    }
  }
}
