/**
 * Names for SQL texts that repeat, so pg sends them as named prepared statements: Postgres then
 * parses each once per connection and can reuse its plan, instead of parsing and planning every
 * execution. A text is named from its second use (one-off SQL stays unnamed), and at most `limit`
 * texts are named, so SQL built with a varying shape cannot fill every connection with statements.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly seenOnce = new Set<string>();

  constructor(private readonly limit = 500) {}

  nameFor(sql: string): string | undefined {
    const name = this.names.get(sql);
    if (name !== undefined) return name;
    if (this.names.size >= this.limit) return undefined;
    if (!this.seenOnce.has(sql)) {
      if (this.seenOnce.size < this.limit * 4) this.seenOnce.add(sql);
      return undefined;
    }
    this.seenOnce.delete(sql);
    const assigned = `cf_${this.names.size + 1}`;
    this.names.set(sql, assigned);
    return assigned;
  }
}
