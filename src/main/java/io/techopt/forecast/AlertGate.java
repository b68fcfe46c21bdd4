package io.techopt.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code --fail-on-alert} makes of a forecast: an alert that fired fails the gate; else a budget that could not be
 * evaluated fails it as a usage error, never a pass a CI gate would read as "within budget" (review r23f); an overrun of a
 * completed month ({@link ForecastResult.Alert#past}) is reported but gates nothing. The lines say why, for a CI log.
 */
public record AlertGate(Outcome outcome, List<String> lines) {

    public enum Outcome { PASS, ALERT, UNEVALUATED }

    public static AlertGate of(ForecastResult result, CostForecaster forecaster) {
        List<String> unevaluated = new ArrayList<>();
        if (forecaster.forecastAlertsNotEvaluated()) {
            unevaluated.add("alerts of kind forecast were not evaluated: the forecast figures are null ("
                    + forecaster.nullReason() + "); alerts on the spend actually logged still apply");
        }
        List<String> scopes = forecaster.unevaluatedBudgetScopes();
        if (!scopes.isEmpty()) {
            unevaluated.add("the budget" + (scopes.size() == 1 ? " on " : "s on ") + String.join(", ", scopes)
                    + " could not be evaluated: every request of the scope is of a model without a price, so its cost is"
                    + " unknown; price them with --prices FILE");
        }
        List<String> lines = new ArrayList<>();
        List<ForecastResult.Alert> past = result.alerts().stream().filter(ForecastResult.Alert::past).toList();
        if (!past.isEmpty()) {
            lines.add(past.size() + " budget alert" + plural(past.size()) + " about a completed month ("
                    + past.stream().map(a -> a.expectedDate().substring(0, 7)).distinct().collect(Collectors.joining(", "))
                    + ") already happened: reported, not failing --fail-on-alert");
        }
        unevaluated.forEach(u -> lines.add("--fail-on-alert: " + u));
        int gating = result.alerts().size() - past.size();
        if (gating > 0) {
            lines.add(gating + " budget alert" + plural(gating) + " fired: exit 4 (--fail-on-alert)");
            return new AlertGate(Outcome.ALERT, lines);
        }
        if (!unevaluated.isEmpty()) {
            lines.add("--fail-on-alert: a budget that could not be evaluated is no pass: exit 2 (usage error), not 0");
            return new AlertGate(Outcome.UNEVALUATED, lines);
        }
        return new AlertGate(Outcome.PASS, lines);
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
