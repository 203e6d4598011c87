package com.aftersales.orders;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
public class StockRepository {

    private final JdbcTemplate jdbc;

    public StockRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Integer> available(String sku) {
        return jdbc.queryForList("select available from stock where sku = ?", Integer.class, sku).stream()
                .findFirst();
    }

    /** @return true when the SKU was new */
    @Transactional
    public boolean set(String sku, int available) {
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.update("update stock set available = ?, updated_at = ? where sku = ?", available, now, sku) > 0) {
            return false;
        }
        jdbc.update("insert into stock (sku, available, updated_at) values (?, ?, ?)", sku, available, now);
        return true;
    }

    /** R-GEN-2: gives the case's reserved units back (the buyer chose a refund instead); once. */
    @Transactional
    public void releaseAll(String caseId) {
        Timestamp now = Timestamp.from(Instant.now());
        for (Map<String, Object> row :
                jdbc.queryForList("select sku, quantity from stock_reservation where case_id = ?", caseId)) {
            jdbc.update(
                    "update stock set available = available + ?, updated_at = ? where sku = ?",
                    ((Number) row.get("quantity")).intValue(),
                    now,
                    row.get("sku"));
        }
        jdbc.update("delete from stock_reservation where case_id = ?", caseId);
    }

    /**
     * R-GEN-2: takes the units of every SKU for the case, all or nothing, once. A case that already holds
     * its reservation keeps it (a retried job reserves nothing more).
     *
     * @return true when the case holds the units, false when one SKU has not enough stock (nothing is taken)
     */
    @Transactional
    public boolean reserveAll(String caseId, Map<String, Integer> quantities) {
        Integer held =
                jdbc.queryForObject("select count(*) from stock_reservation where case_id = ?", Integer.class, caseId);
        if (held != null && held > 0) return true;
        Timestamp now = Timestamp.from(Instant.now());
        Map<String, Integer> taken = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> line : quantities.entrySet()) {
            int rows = jdbc.update(
                    "update stock set available = available - ?, updated_at = ? where sku = ? and available >= ?",
                    line.getValue(),
                    now,
                    line.getKey(),
                    line.getValue());
            if (rows == 0) {
                taken.forEach((sku, quantity) -> jdbc.update(
                        "update stock set available = available + ?, updated_at = ? where sku = ?",
                        quantity,
                        now,
                        sku));
                return false;
            }
            taken.put(line.getKey(), line.getValue());
        }
        taken.forEach((sku, quantity) -> jdbc.update(
                "insert into stock_reservation (case_id, sku, quantity, reserved_at) values (?, ?, ?, ?)",
                caseId,
                sku,
                quantity,
                now));
        return true;
    }
}
