package org.sagashop.notification.query;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;

/**
 * The projection's repository without a database. Like the real table it refuses a second row with
 * the same id, so a projection that is not idempotent fails loudly.
 */
class InMemoryNotificationRepository implements NotificationRepository {

  private final Map<String, Notification> rows = new LinkedHashMap<>();

  @Override
  public boolean existsById(String id) {
    return rows.containsKey(id);
  }

  @Override
  public Notification save(Notification notification) {
    if (rows.putIfAbsent(notification.view().notificationId(), notification) != null) {
      throw new IllegalStateException("duplicate key " + notification.view().notificationId());
    }
    return notification;
  }

  @Override
  public Slice<Notification> findByUserIdOrderByCreatedAtDesc(String userId, Pageable page) {
    List<Notification> newestFirst =
        rows.values().stream()
            .filter(notification -> notification.userId().equals(userId))
            .sorted(
                Comparator.comparing((Notification notification) -> notification.view().createdAt())
                    .reversed())
            .toList();
    List<Notification> content =
        newestFirst.stream().skip(page.getOffset()).limit(page.getPageSize()).toList();
    return new SliceImpl<>(content, page, page.getOffset() + content.size() < newestFirst.size());
  }
}
