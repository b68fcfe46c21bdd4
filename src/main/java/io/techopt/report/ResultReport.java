package io.techopt.report;

/**
 * A report whose JSON is its result record, as most commands' are: a record {@code XReport(XResult result)}
 * implementing this gets {@link #json()} from it (copy budget/BudgetReport.java).
 */
public interface ResultReport<R> extends Report {
    /** The engine's result: what {@code -f json} prints (keys per cli.md). */
    R result();

    @Override
    default Object json() {
        return result();
    }
}
