/**
 * Review priority, 0..1: how much a task deserves a reviewer's next minute.
 * 70% check-worthiness (the model's calibrated probability), 30% newsroom urgency given at submit.
 * Among equal priorities the oldest task goes first.
 */
export function reviewPriority(checkworthiness: number, urgency: number): number {
  const clamp = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
  return Math.round((0.7 * clamp(checkworthiness) + 0.3 * clamp(urgency)) * 10000) / 10000;
}
