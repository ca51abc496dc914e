package org.sagashop.order.query;

import org.springframework.data.jpa.repository.JpaRepository;

interface CatalogEntryRepository extends JpaRepository<CatalogEntry, String> {}
