package org.alliancetracker.reporting.pipeline;

/**
 * What one fact adds to one figure of one place in the pipeline (signed cents). {@code country}, {@code pillar} are
 * null for funds never allocated; {@code agency} is null for what is not obligated.
 */
record Contribution(PipelineFact fact, PipelineFigure figure, long cents, int fiscalYear, String account,
                    String country, String pillar, String agency) {
}
