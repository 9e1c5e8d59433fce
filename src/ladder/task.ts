/**
 * Downstream tasks of the ladder method: which columns give a task's loss (the intermediate feature of step 1)
 * and its accuracy, how several columns are averaged, and the task's chance level and ceiling.
 */

/** A task: loss and accuracy, each one column or a weighted average of columns. */
export interface TaskSpec {
  /** Display name ("MMLU"). */
  name: string;
  /** Loss column(s), e.g. task bits per byte of the correct answer. */
  loss: readonly string[];
  /** Accuracy column(s), in the same order as `weights`. */
  accuracy: readonly string[];
  /** Weights of the columns when there are several (default equal); MMLU weights its categories by question count. */
  weights?: readonly number[];
  /** Accuracy of random guessing (default 0.25). */
  chance?: number;
  /** Best attainable accuracy (default 1). */
  ceiling?: number;
  /** Negate the loss columns (a log-likelihood read as a cross-entropy, e.g. OLMo's `_soft_log`); default false. */
  negateLoss?: boolean;
}

const MMLU_CATEGORIES = ['stem', 'humanities', 'social_sciences', 'other'] as const;
/** Question shares of MMLU's four categories (test split), as the paper weights them. */
export const MMLU_WEIGHTS: readonly number[] = [0.215, 0.335, 0.219, 0.231];

const rc = (key: string, chance: number, name: string, acc: 'len_norm' | 'acc' = 'len_norm'): TaskSpec => ({
  name,
  loss: [`eval/downstream_bpb/${key}_rc_5shot_bpb`],
  accuracy: [`eval/downstream/${key}_rc_5shot_${acc}`],
  chance,
  ceiling: 1,
});

/**
 * The eight tasks of Bhagia et al. 2024 ("v2_main": MMLU test, 5-shot ranked classification), with the OLMo
 * evaluation column names of test/fixtures/olmo-ladder, chance levels as in the paper's code, ceiling 1.
 *
 * @example
 * PAPER_TASKS.find((t) => t.name === 'PIQA')!.chance; // 0.5
 */
export const PAPER_TASKS: readonly TaskSpec[] = [
  {
    name: 'MMLU',
    loss: MMLU_CATEGORIES.map((c) => `eval/downstream_bpb/mmlu_${c}_test_rc_5shot_bpb`),
    accuracy: MMLU_CATEGORIES.map((c) => `eval/downstream/mmlu_${c}_test_rc_5shot_len_norm`),
    weights: MMLU_WEIGHTS,
    chance: 0.25,
    ceiling: 1,
  },
  rc('hellaswag_val', 0.25, 'HellaSwag'),
  rc('piqa_val', 0.5, 'PIQA'),
  rc('socialiqa_val', 1 / 3, 'Social IQa'),
  rc('arc_challenge_test', 0.25, 'ARC-Challenge'),
  rc('arc_easy_test', 0.25, 'ARC-Easy'),
  rc('csqa_val', 0.2, 'CommonsenseQA'),
  rc('openbookqa_test', 0.25, 'OpenBookQA'),
];

/**
 * The weights of a task's columns, normalised to sum 1 (equal when not given).
 *
 * @example
 * taskWeights({ name: 'x', loss: ['a', 'b'], accuracy: ['c', 'd'] }); // [0.5, 0.5]
 */
export function taskWeights(task: TaskSpec, k = Math.max(task.loss.length, task.accuracy.length)): number[] {
  const w = task.weights !== undefined && task.weights.length === k ? [...task.weights] : Array.from({ length: k }, () => 1);
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}
