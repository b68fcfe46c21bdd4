package io.techopt.route;

import io.techopt.core.RequestFigures;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import io.techopt.pricing.Pricer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * analyze --plan's routing lever: route-sim replayed on the same log (same pool, weak and strong models, quality bar
 * and threshold as route-sim's defaults), and of its strategies the one saving most whose expected quality meets the
 * bar: the log's own expected quality as logged (no expected loss) unless a bar is given.
 */
public final class RoutingLever implements SavingsLever {
    private final Traffic traffic;
    private final Pricer pricer;
    private final Double qualityBar;

    /** @param qualityBar the least expected quality (0..1) a strategy must keep; null: the as-logged quality */
    public RoutingLever(Traffic traffic, Pricer pricer, Double qualityBar) {
        this.traffic = traffic;
        this.pricer = pricer;
        this.qualityBar = qualityBar;
    }

    @Override
    public Effect effect() {
        RouteSimulator.Options o = RouteSimulator.Options.defaults();
        ModelPool pool;
        try {
            pool = ModelPool.load(null, traffic, pricer);
        } catch (java.io.IOException | RuntimeException ex) {
            return unmeasured("the model pool could not be built from the log: " + ex.getMessage());
        }
        RouteSimResult r = RouteSimulator.run(traffic, pool, pricer, o);
        RouteSimResult.Strategy logged = r.strategies().get(0);
        if (traffic.size() == 0 || Double.isNaN(logged.costUsd())) {
            return unmeasured(traffic.size() == 0 ? "no request to route (aggregate rows carry no per-request detail)"
                    : "no logged request is of a priced model");
        }
        // logged qualities are floats: their mean carries float noise (0.7600000059604642), kept to float precision
        double bar = qualityBar != null ? qualityBar : floatPrecision(logged.quality());
        String barText = exactly(bar) + (qualityBar != null ? " (--plan-quality-bar)" : " (the log's expected quality as logged)");
        RouteSimResult.Strategy best = null;
        for (RouteSimResult.Strategy s : r.strategies().subList(1, r.strategies().size())) {
            if (s.quality() >= bar - 1e-12 && s.savingUsd() > 0 && (best == null || s.savingUsd() > best.savingUsd())) {
                best = s;
            }
        }
        List<String> assumptions = new ArrayList<>();
        if (best == null && pool.models.size() == 1) {
            assumptions.add("the log has only one priced model (" + pool.models.get(0).name() + "), and route-sim's default "
                    + "pool is every priced model of the log, so there is nothing to route to: requests stay on their "
                    + "logged model (route-sim --pool FILE simulates a pool with other models)");
            return new Effect(new Saving("routing", 0.0, 0, 0.0, assumptions), PerRequest.NONE, false, true, null, 0.0,
                    null, null, "none: nothing is routed", List.of());
        }
        if (best == null) {
            assumptions.add("no route-sim strategy saves money with an expected quality of at least " + barText
                    + ": requests stay on their logged models");
            return new Effect(new Saving("routing", 0.0, 0, 0.0, assumptions), PerRequest.NONE, false, true, null, 0.0,
                    null, null, "none: nothing is routed", List.of());
        }
        assumptions.add(String.format(Locale.ROOT, "route-sim's strategy '%s': the one saving most of those whose expected "
                + "quality is at least %s", best.name(), barText));
        assumptions.add("route-sim's defaults: every priced model of the log in the pool, weak " + r.weakModel() + ", strong "
                + r.strongModel() + "; costs re-price each request's tokens on the chosen model");
        RouteSimulator.PerRow p = RouteSimulator.perRow(traffic, pool, pricer, o, best.name());
        RequestFigures f = new RequestFigures();
        long routed = 0;
        for (int i = 0; i < traffic.n; i++) {
            double base = p.loggedCost()[i], now = p.cost()[i];
            if (base > 0 && !Double.isNaN(now) && now != base) {
                f.set(traffic.seq[i], 1 - now / base);
                routed++;
            }
            f.setLatency(traffic.seq[i], p.latency()[i] - p.loggedLatency()[i]);
        }
        return new Effect(new Saving("routing", best.savingUsd(), routed, best.savingShare(), assumptions), f, false, true,
                null, best.qualityChange(), null, null, String.format(Locale.ROOT, "expected quality %.3f against %.3f as "
                + "logged (95%% interval %.3f to %.3f): answers on cheaper models can be worse for some task types; "
                + "check the unobserved (task type, model) pairs in route-sim", best.quality(), logged.quality(),
                best.qualityLow(), best.qualityHigh()), List.of());
    }

    /**
     * The bar with three decimals when that is the bar itself, else with the digits it needs (0.99999, not "1.000",
     * which would say a strategy must reach 1; 1E-300, not "0.000").
     */
    /** v to 7 significant digits, the precision of the float qualities it is a mean of. */
    static double floatPrecision(double v) {
        return Double.isFinite(v) ? new java.math.BigDecimal(v).round(new java.math.MathContext(7)).doubleValue() : v;
    }

    static String exactly(double v) {
        String three = String.format(Locale.ROOT, "%.3f", v);
        if (Double.parseDouble(three) == v) {
            return three;
        }
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(v).stripTrailingZeros(); // the shortest decimal that is v
        return d.scale() > 20 ? d.toString() : d.toPlainString();
    }

    private static Effect unmeasured(String why) {
        return new Effect(new Saving("routing", null, 0, null, List.of("not measured: " + why)), PerRequest.NONE, false,
                false, why, null, why, null, "unknown: " + why, List.of());
    }
}
