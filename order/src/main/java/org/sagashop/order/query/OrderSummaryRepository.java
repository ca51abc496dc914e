package org.sagashop.order.query;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;

interface OrderSummaryRepository extends JpaRepository<OrderSummaryEntity, String> {

  Slice<OrderSummaryEntity> findByUserIdOrderByPlacedAtDesc(String userId, Pageable page);
}
