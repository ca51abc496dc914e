package org.sagashop.payment.query;

import java.util.Optional;
import org.springframework.data.repository.Repository;

/** Only what the projection needs; Spring Data implements these methods. */
interface AccountBalanceRepository extends Repository<AccountBalanceEntry, String> {

  Optional<AccountBalanceEntry> findById(String accountId);

  AccountBalanceEntry save(AccountBalanceEntry entry);

  void deleteAll();
}
