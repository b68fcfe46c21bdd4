package io.techopt.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review rev24 LOW-6: TECHOPT_STORE_MEMORY=1gb (and 1G, 512mb) was silently DuckDB's 256MB; a size it cannot read is refused. */
class StoreMemoryLimitTest {
    @Test
    void sizesAsUsersWriteThemAreDuckDbsAndOthersAreRefused() {
        assertEquals("256MB", DuckDbUsageStore.memoryLimit(null));
        assertEquals("512MB", DuckDbUsageStore.memoryLimit("512MB"));
        assertEquals("1GB", DuckDbUsageStore.memoryLimit("1gb"));
        assertEquals("1GB", DuckDbUsageStore.memoryLimit("1G"));
        assertEquals("512MB", DuckDbUsageStore.memoryLimit(" 512 mb "));
        assertEquals("2.5GiB", DuckDbUsageStore.memoryLimit("2.5gib"));
        assertEquals("32MB", DuckDbUsageStore.memoryLimit("32MB"));
        for (String bad : new String[]{"abc", "0", "-5", "0GB", "1kbytes", "12", "1KB", "16MB", "99999999999T", "2000TB"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DuckDbUsageStore.memoryLimit(bad), bad);
            assertTrue(e.getMessage().contains("TECHOPT_STORE_MEMORY is a memory size such as 512MB or 1GB"), e.getMessage());
        }
    }
}
