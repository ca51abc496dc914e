package org.sagashop.notification.query;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.repository.Repository;

/** Only what the projection needs: notifications are added, and read newest first. */
interface NotificationRepository extends Repository<Notification, String> {

  boolean existsById(String id);

  Notification save(Notification notification);

  Slice<Notification> findByUserIdOrderByCreatedAtDesc(String userId, Pageable page);
}
