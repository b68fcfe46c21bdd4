package io.techopt.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs steps with dependencies layer by layer: every step whose dependencies are done runs in parallel with the
 * others of its layer. A cycle is refused before anything runs, with the cycle named; a failed step skips the
 * steps that depend on it, and the others go on.
 */
public final class DagExecutor {
    public record Step(String id, List<String> dependsOn, Callable<Object> work) {
    }

    /** What happened to a step: its value, its failure, or skipped because a dependency failed. */
    public record StepResult(String id, String status, Object value, String error, int layer) {
    }

    public static final class CycleException extends IllegalArgumentException {
        public CycleException(String cycle) {
            super("the steps form a cycle: " + cycle);
        }
    }

    private DagExecutor() {
    }

    /** The layers, in order; throws on unknown dependencies and cycles. */
    public static List<List<String>> layers(List<Step> steps) {
        Map<String, Step> byId = new LinkedHashMap<>();
        for (Step s : steps) {
            if (byId.put(s.id(), s) != null) {
                throw new IllegalArgumentException("step '" + s.id() + "' is defined twice");
            }
        }
        for (Step s : steps) {
            for (String d : s.dependsOn()) {
                if (!byId.containsKey(d)) {
                    throw new IllegalArgumentException("step '" + s.id() + "' depends on unknown step '" + d + "'");
                }
            }
        }
        String cycle = findCycle(byId);
        if (cycle != null) {
            throw new CycleException(cycle);
        }
        Map<String, Integer> order = new HashMap<>();
        for (Step s : steps) {
            order.put(s.id(), order.size());
        }
        Map<String, Integer> remaining = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (Step s : steps) {
            remaining.put(s.id(), s.dependsOn().size());
            for (String d : s.dependsOn()) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(s.id());
            }
        }
        List<List<String>> layers = new ArrayList<>();
        List<String> current = steps.stream().map(Step::id).filter(id -> remaining.get(id) == 0).toList();
        while (!current.isEmpty()) {
            layers.add(current);
            List<String> next = new ArrayList<>();
            for (String id : current) {
                for (String dep : dependents.getOrDefault(id, List.of())) {
                    if (remaining.merge(dep, -1, Integer::sum) == 0) {
                        next.add(dep);
                    }
                }
            }
            next.sort(java.util.Comparator.comparingInt(order::get)); // declaration order within a layer
            current = next;
        }
        return layers;
    }

    /** Depth-first search for a back edge; returns "a -> b -> c -> a" or null. */
    private static String findCycle(Map<String, Step> byId) {
        Map<String, Integer> colour = new HashMap<>(); // 1 on the path, 2 done
        Deque<String> path = new ArrayDeque<>();
        for (String start : byId.keySet()) {
            String c = visit(start, byId, colour, path);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static String visit(String id, Map<String, Step> byId, Map<String, Integer> colour, Deque<String> path) {
        Integer c = colour.get(id);
        if (c != null && c == 2) {
            return null;
        }
        if (c != null && c == 1) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (var it = path.descendingIterator(); it.hasNext(); ) {
                String p = it.next();
                in |= p.equals(id);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(id);
            return String.join(" -> ", cycle);
        }
        colour.put(id, 1);
        path.push(id);
        for (String d : byId.get(id).dependsOn()) {
            String found = visit(d, byId, colour, path);
            if (found != null) {
                return found;
            }
        }
        path.pop();
        colour.put(id, 2);
        return null;
    }

    public static Map<String, StepResult> run(List<Step> steps, ExecutorService pool) throws InterruptedException {
        Map<String, Step> byId = new LinkedHashMap<>();
        steps.forEach(s -> byId.put(s.id(), s));
        Map<String, StepResult> results = new LinkedHashMap<>();
        List<List<String>> layers = layers(steps);
        for (int layer = 0; layer < layers.size(); layer++) {
            Map<String, Future<Object>> running = new LinkedHashMap<>();
            for (String id : layers.get(layer)) {
                Step s = byId.get(id);
                String failedDep = s.dependsOn().stream().filter(d -> !results.get(d).status().equals("ok")).findFirst().orElse(null);
                if (failedDep != null) {
                    results.put(id, new StepResult(id, "skipped", null, "dependency '" + failedDep + "' did not succeed", layer));
                } else {
                    running.put(id, pool.submit(s.work()));
                }
            }
            for (var e : running.entrySet()) {
                try {
                    results.put(e.getKey(), new StepResult(e.getKey(), "ok", e.getValue().get(), null, layer));
                } catch (java.util.concurrent.ExecutionException ex) {
                    results.put(e.getKey(), new StepResult(e.getKey(), "failed", null, String.valueOf(ex.getCause()), layer));
                }
            }
        }
        return results;
    }
}
