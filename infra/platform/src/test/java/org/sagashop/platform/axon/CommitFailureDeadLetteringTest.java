package org.sagashop.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;

/** Which failures at commit park an event, and which are retried in place. */
class CommitFailureDeadLetteringTest {

  @Test
  void aConnectionThePoolClosedIsRetriedNotParked() {
    // what HikariCP throws on a connection it closed while PostgreSQL restarted: no SQLSTATE
    SQLException closed = new SQLException("Connection is closed");

    assertThat(
            CommitFailureDeadLettering.isTransient(
                new JpaSystemException(new PersistenceException("commit failed", closed))))
        .isTrue();
  }

  @Test
  void aServerShuttingDownIsRetriedNotParked() {
    assertThat(
            CommitFailureDeadLettering.isTransient(
                new SQLException("terminating connection due to administrator command", "57P01")))
        .isTrue();
  }

  @Test
  void dataThePostgresqlRefusesIsParked() {
    SQLException nul =
        new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");

    assertThat(
            CommitFailureDeadLettering.isTransient(
                new DataIntegrityViolationException("could not execute statement", nul)))
        .isFalse();
  }

  @Test
  void aBrokenConstraintIsParked() {
    assertThat(
            CommitFailureDeadLettering.isTransient(
                new SQLException("duplicate key value violates unique constraint", "23505")))
        .isFalse();
  }
}
