package org.sagashop.notification.query;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/** Only what the projection needs: notifications are added, and read newest first. */
interface NotificationRepository extends Repository<Notification, String> {

  boolean existsById(String id);

  Notification save(Notification notification);

  List<Notification> findByUserIdOrderByCreatedAtDesc(String userId, Limit limit);
}
