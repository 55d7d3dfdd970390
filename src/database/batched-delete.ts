/**
 * One batch of a purge: deletes at most `$limit` rows of `table` matching `condition`, locating them
 * by ctid (a TID scan, no second index lookup) and skipping rows another transaction holds, so a
 * purge never waits on (or blocks) the hot path. `condition` and `limitParam` use the caller's
 * parameter numbers. Table and condition come from code, never from input.
 */
export function batchedDeleteSql(table: string, condition: string, limitParam: string): string {
  return `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${condition} LIMIT ${limitParam} FOR UPDATE SKIP LOCKED))`;
}
