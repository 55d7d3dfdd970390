/**
 * An array parameter, e.g. `WHERE id = ANY(${asParameter('$1', 'uuid[]')})` or
 * `unnest(${asParameter('$1', 'uuid[]')})`, that the planner plans for without counting its elements,
 * as it plans a prepared statement's generic plan. Otherwise the first executions on each connection
 * (custom plans, which see the values) weigh a batch's few hundred ids as that many random index probes
 * and read the whole table instead, every time, for as long as the table is small enough for that to
 * look cheaper: a cost that grows with the table. Only for lookups by an indexed key.
 */
export function asParameter(param: string, type: string): string {
  return `(SELECT ${param}::${type})::${type}`;
}
