package org.sagashop.order.query;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface OrderSummaryRepository extends JpaRepository<OrderSummaryEntity, String> {

  List<OrderSummaryEntity> findByUserIdOrderByPlacedAtDesc(String userId);
}
