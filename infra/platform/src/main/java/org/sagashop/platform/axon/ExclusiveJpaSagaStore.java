package org.sagashop.platform.axon;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.modelling.saga.repository.jpa.JpaSagaStore;

/**
 * Axon's JPA saga store, with one saga handled by one instance at a time. Axon guards a saga with a
 * lock inside one JVM only and stores it with a blind update: with two instances, a deadline firing
 * on one and an event arriving on the other could each load the same state, act on it, and the
 * later commit would overwrite the earlier one. Here loading a saga locks its row ({@code select
 * ... for update}) until the transaction that loaded it ends, so the second loader waits and then
 * reads what the first one stored. Every saga is loaded inside a transaction: by an event
 * processor's batch, or by a deadline job's unit of work.
 */
public class ExclusiveJpaSagaStore extends JpaSagaStore {

  private final EntityManagerProvider entityManagerProvider;

  public ExclusiveJpaSagaStore(Builder builder, EntityManagerProvider entityManagerProvider) {
    super(builder.entityManagerProvider(entityManagerProvider));
    this.entityManagerProvider = entityManagerProvider;
  }

  @Override
  public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
    entityManagerProvider
        .getEntityManager()
        .createNativeQuery("select saga_id from saga_entry where saga_id = ?1 for update")
        .setParameter(1, sagaIdentifier)
        .getResultList();
    return super.loadSaga(sagaType, sagaIdentifier);
  }
}
