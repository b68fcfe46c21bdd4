package io.techopt.analyze.change;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * The {@code change} section of analyze's JSON: the cost of two periods and the change between them split into
 * {@link Effect}s that add up to it exactly, in total, per model and per team. A figure that cannot be measured is
 * null, and {@code notes} say why.
 *
 * @param effects      one key per {@link Effect}, in its order; each null when the change is not measured
 * @param changeShare  the change as a share of the baseline cost; null when that is zero or unknown
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChangeResult(String method, Period baseline, Period current, Double changeUsd, Double changeShare,
                           Map<String, Double> effects, List<ModelRow> byModel, List<TeamRow> byTeam,
                           List<PriceChange> priceChanges, List<String> notes) {

    /**
     * @param from           start, ISO-8601 UTC, inclusive
     * @param until          end, exclusive
     * @param requests       every request in the period (failed and unpriced ones too)
     * @param costUsd        null when no request was read in the period or none of them is priced
     * @param coveredFrom    the part of the period the log covers, [covered_from, covered_until): the period itself
     *                       unless the log starts (or ends) inside it, leaving an edge where requests would be expected
     *                       (notes say so); null when no request was read in the period
     * @param coveredShare   that part's share of the period (1 when covered fully), null with coveredFrom
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Period(String from, String until, long requests, long failedRequests, long unpricedRequests,
                         Double costUsd, String coveredFrom, String coveredUntil, Double coveredShare) {
    }

    /** One model's share of the change; its effects add up to its change. Null figures for an unpriced model. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelRow(String model, long baselineRequests, long currentRequests, Double baselineCostUsd,
                           Double currentCostUsd, Double changeUsd, Map<String, Double> effects) {
    }

    /** One team's share of the change ({@code team} null for requests that name none). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TeamRow(String team, long baselineRequests, long currentRequests, Double baselineCostUsd,
                          Double currentCostUsd, Double changeUsd, Map<String, Double> effects) {
    }

    /** A model priced by different dated versions in the two periods (each version named by its effective date). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PriceChange(String model, List<String> baselinePricesFrom, List<String> currentPricesFrom) {
    }

    /**
     * This change with the current period's cost and by_model's current costs taken from the report (its
     * {@code cost_usd} and by_model {@code cost_usd}): one figure, not the same sum taken in another order, which differed
     * in the last digits (review r9 #7). change_usd and change_share follow; a figure this change has as null stays null.
     */
    public ChangeResult withCurrentCosts(Double reportCost, Map<String, Double> reportByModel) {
        return withCurrentCosts(reportCost, reportByModel, Map.of());
    }

    /**
     * {@link #withCurrentCosts(Double, Map)} with by_team's current costs taken from the report's team figures too
     * ({@code reportByTeam}: team as logged, null for none -> the cost a --group-by team table gives it; review r11 #6).
     */
    public ChangeResult withCurrentCosts(Double reportCost, Map<String, Double> reportByModel, Map<String, Double> reportByTeam) {
        return withCosts(true, reportCost, reportByModel, reportByTeam);
    }

    /**
     * This change with the baseline's cost, by_model's and by_team's baseline costs those of a stand-alone
     * {@code analyze --since B1 --until B2} ({@code cost}, {@code byModel}, {@code byTeam} as {@link #withCurrentCosts}
     * takes them): README promises that figure, and the collector's sum of its cells differed in the last bits (review r13 #11).
     */
    public ChangeResult withBaselineCosts(Double cost, Map<String, Double> byModel, Map<String, Double> byTeam) {
        return withCosts(false, cost, byModel, byTeam);
    }

    private ChangeResult withCosts(boolean ofCurrent, Double cost, Map<String, Double> costByModel, Map<String, Double> costByTeam) {
        Period base = baseline, cur = current, p = ofCurrent ? current : baseline;
        Double change = changeUsd, share = changeShare;
        if (p.costUsd() != null && cost != null) {
            p = new Period(p.from(), p.until(), p.requests(), p.failedRequests(), p.unpricedRequests(), cost,
                    p.coveredFrom(), p.coveredUntil(), p.coveredShare());
            if (ofCurrent) {
                cur = p;
            } else {
                base = p;
            }
            if (change != null) {
                change = cur.costUsd() - base.costUsd();
                share = share == null ? null : change / base.costUsd();
            }
        }
        List<ModelRow> models = byModel.stream().map(m -> {
            Double c = costByModel.get(m.model());
            if ((ofCurrent ? m.currentCostUsd() : m.baselineCostUsd()) == null || c == null) {
                return m;
            }
            double b = ofCurrent ? m.baselineCostUsd() == null ? Double.NaN : m.baselineCostUsd() : c;
            double k = ofCurrent ? c : m.currentCostUsd() == null ? Double.NaN : m.currentCostUsd();
            return new ModelRow(m.model(), m.baselineRequests(), m.currentRequests(), ofCurrent ? m.baselineCostUsd() : c,
                    ofCurrent ? c : m.currentCostUsd(), m.changeUsd() == null ? null : k - b, m.effects());
        }).toList();
        Map<String, Double> teamCosts = new java.util.HashMap<>(costByTeam); // the team of none is a null key
        List<TeamRow> teams = byTeam.stream().map(t -> {
            Double c = teamCosts.get(t.team());
            if ((ofCurrent ? t.currentCostUsd() : t.baselineCostUsd()) == null || c == null) {
                return t;
            }
            double b = ofCurrent ? t.baselineCostUsd() == null ? Double.NaN : t.baselineCostUsd() : c;
            double k = ofCurrent ? c : t.currentCostUsd() == null ? Double.NaN : t.currentCostUsd();
            return new TeamRow(t.team(), t.baselineRequests(), t.currentRequests(), ofCurrent ? t.baselineCostUsd() : c,
                    ofCurrent ? c : t.currentCostUsd(), t.changeUsd() == null ? null : k - b, t.effects());
        }).toList();
        return new ChangeResult(method, base, cur, change, share, effects, models, teams, priceChanges, notes);
    }
}
