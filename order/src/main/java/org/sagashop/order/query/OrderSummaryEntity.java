package org.sagashop.order.query;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.BatchSize;

/**
 * The stored read model of one order. Its transitions are named after what happened, and each
 * timeline step remembers the event it came from, so an event seen twice is recorded once.
 */
@Entity
@Table(name = "order_summary")
class OrderSummaryEntity {

  static final int MAX_TEXT = 1000;

  @Id
  @Column(name = "order_id")
  private String orderId;

  @Column(name = "user_id")
  private String userId;

  @Enumerated(EnumType.STRING)
  private OrderStatus status;

  @Column(precision = 12, scale = 2)
  private BigDecimal total;

  @Column(name = "cancellation_reason")
  private String cancellationReason;

  @Column(name = "placed_at")
  private Instant placedAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @ElementCollection
  @CollectionTable(name = "order_summary_line", joinColumns = @JoinColumn(name = "order_id"))
  @OrderColumn(name = "line_index")
  @BatchSize(size = 50)
  private List<Line> lines = new ArrayList<>();

  @ElementCollection
  @CollectionTable(name = "order_timeline", joinColumns = @JoinColumn(name = "order_id"))
  @OrderColumn(name = "step_index")
  @BatchSize(size = 50)
  private List<Step> timeline = new ArrayList<>();

  protected OrderSummaryEntity() {
    // for JPA
  }

  static OrderSummaryEntity placed(
      String orderId, String userId, List<Line> lines, BigDecimal total, Instant at) {
    OrderSummaryEntity order = new OrderSummaryEntity();
    order.orderId = orderId;
    order.userId = userId;
    order.status = OrderStatus.PENDING;
    order.lines = new ArrayList<>(lines);
    order.total = total;
    order.placedAt = at;
    order.updatedAt = at;
    return order;
  }

  /** Adds a step to the timeline, unless the event behind it was already recorded. */
  boolean record(String eventId, Instant at, String step, String detail) {
    if (timeline.stream().anyMatch(existing -> existing.eventId.equals(eventId))) {
      return false;
    }
    timeline.add(new Step(eventId, at, step, abbreviate(detail)));
    updatedAt = at.isAfter(updatedAt) ? at : updatedAt;
    return true;
  }

  void completed() {
    status = OrderStatus.COMPLETED;
  }

  void cancelled(String reason) {
    status = OrderStatus.CANCELLED;
    cancellationReason = abbreviate(reason);
  }

  Optional<Line> lineOf(String productId) {
    return lines.stream().filter(line -> line.productId.equals(productId)).findFirst();
  }

  String userId() {
    return userId;
  }

  OrderSummary toSummary() {
    return new OrderSummary(
        orderId,
        userId,
        status,
        lines.stream().map(Line::toItem).toList(),
        total,
        cancellationReason,
        placedAt,
        timeline.stream().map(Step::toEntry).toList());
  }

  private static String abbreviate(String text) {
    if (text == null || text.length() <= MAX_TEXT) {
      return text;
    }
    return text.substring(0, MAX_TEXT - 1) + "…";
  }

  @Embeddable
  static class Line {

    @Column(name = "product_id")
    private String productId;

    @Column(name = "product_name")
    private String productName;

    private int quantity;

    @Column(name = "unit_price", precision = 12, scale = 2)
    private BigDecimal unitPrice;

    protected Line() {
      // for JPA
    }

    Line(String productId, String productName, int quantity, BigDecimal unitPrice) {
      this.productId = productId;
      this.productName = productName;
      this.quantity = quantity;
      this.unitPrice = unitPrice;
    }

    String productName() {
      return productName;
    }

    OrderItem toItem() {
      return new OrderItem(
          productId,
          productName,
          quantity,
          unitPrice,
          unitPrice.multiply(BigDecimal.valueOf(quantity)));
    }
  }

  @Embeddable
  static class Step {

    @Column(name = "event_id")
    private String eventId;

    private Instant at;

    private String step;

    private String detail;

    protected Step() {
      // for JPA
    }

    Step(String eventId, Instant at, String step, String detail) {
      this.eventId = eventId;
      this.at = at;
      this.step = step;
      this.detail = detail;
    }

    TimelineEntry toEntry() {
      return new TimelineEntry(at, step, detail);
    }
  }
}
