package dev.nl2sql.domain.evaluation;

import java.util.List;

/**
 * The counts of a set of scored questions.
 *
 * @param questions all of them
 * @param answerable those with gold SQL
 * @param answered those the generator wrote SQL for
 * @param right answered with the gold's rows
 * @param wrong answered otherwise (including answers to questions that must be refused)
 * @param refused those the generator refused
 * @param refusedUnanswerable refusals of questions without gold SQL: right refusals
 * @param unanswerable questions without gold SQL
 * @param unscored questions whose gold failed or was truncated, left out of every other count but {@code questions}
 */
public record EvalTotals(int questions, int answerable, int answered, int right, int wrong, int refused, int refusedUnanswerable,
        int unanswerable, int unscored) {

    /** {@return the counts of {@code items}} */
    public static EvalTotals of(List<EvalItem> items) {
        int answerable = 0;
        int answered = 0;
        int right = 0;
        int wrong = 0;
        int refused = 0;
        int refusedUnanswerable = 0;
        int unanswerable = 0;
        int unscored = 0;
        for (EvalItem item : items) {
            if (item.outcome() instanceof EvalOutcome.Unscored) {
                unscored++;
                continue;
            }
            if (item.question().answerable()) {
                answerable++;
            } else {
                unanswerable++;
            }
            switch (item.outcome()) {
                case EvalOutcome.Right r -> {
                    answered++;
                    right++;
                }
                case EvalOutcome.Wrong w -> {
                    answered++;
                    wrong++;
                }
                case EvalOutcome.Refused r -> {
                    refused++;
                    if (!item.question().answerable()) {
                        refusedUnanswerable++;
                    }
                }
                case EvalOutcome.Unscored u -> throw new IllegalStateException("counted above");
            }
        }
        return new EvalTotals(items.size(), answerable, answered, right, wrong, refused, refusedUnanswerable, unanswerable, unscored);
    }

    /** {@return the share of answerable questions answered right, in percent (0 when none is answerable)} */
    public double accuracy() {
        return percent(right, answerable);
    }

    /** {@return the share of answers that were wrong, in percent (0 when nothing was answered)} */
    public double wrongRate() {
        return percent(wrong, answered);
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
    }
}
