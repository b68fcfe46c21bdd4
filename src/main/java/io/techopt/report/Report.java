package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A command's report: a JSON model with stable snake_case keys, and a view for the text formats. */
public interface Report {
    /** The object serialized by the json renderer (keys per cli.md). */
    Object json();

    /** Summary, tables, charts and notes for table, markdown, csv and html. */
    ReportView view();

    /**
     * This report with one more section: {@code addToJson} edits its JSON object (a report whose JSON is not an object
     * is left as it is) and {@code editView} rewrites its view. Both run on every render, so the section stays lazy.
     */
    default Report with(Consumer<ObjectNode> addToJson, UnaryOperator<ReportView> editView) {
        return new WithSection(this, addToJson, editView);
    }

    /** A report with one more section, as {@link #with} builds it. */
    record WithSection(Report base, Consumer<ObjectNode> addToJson, UnaryOperator<ReportView> editView) implements Report {
        public WithSection {
            java.util.Objects.requireNonNull(base, "base");
            java.util.Objects.requireNonNull(addToJson, "addToJson");
            java.util.Objects.requireNonNull(editView, "editView");
        }

        @Override
        public Object json() {
            JsonNode tree = JsonRenderer.mapper().valueToTree(base.json());
            if (tree instanceof ObjectNode o) {
                addToJson.accept(o);
            }
            return tree;
        }

        @Override
        public ReportView view() {
            return editView.apply(base.view());
        }
    }
}
