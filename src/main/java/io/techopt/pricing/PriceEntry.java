package io.techopt.pricing;

import java.time.LocalDate;
import java.util.List;

/** One catalog key with its price history (oldest first) and where it came from. */
public record PriceEntry(String key, String provider, List<PriceVersion> versions, int promptCacheMinTokens,
                         String catalog) {

    /** The prices in effect on a date: the newest version at or before it, else the oldest one known. */
    public PriceVersion at(LocalDate date) {
        PriceVersion best = versions.get(0);
        if (date == null) {
            return versions.get(versions.size() - 1);
        }
        for (PriceVersion v : versions) {
            if (v.effective() == null || !v.effective().isAfter(date)) {
                best = v;
            }
        }
        return best;
    }

    public PriceVersion latest() {
        return versions.get(versions.size() - 1);
    }

    public boolean isDated() {
        return versions.get(0).effective() != null;
    }

    /** The provider caches prompts when its catalog prices cache reads. */
    public boolean supportsPromptCache() {
        return !Double.isNaN(latest().standard().cacheRead());
    }
}
