import { dataSourceOptions } from './data-source-options';

const URL = 'postgres://postgres@127.0.0.1:5432/claimflow';

function driverOptions(statementTimeoutMs?: number): Record<string, unknown> {
  return (dataSourceOptions(URL, 20, statementTimeoutMs) as { extra: Record<string, unknown> }).extra;
}

describe('dataSourceOptions', () => {
  it('lets Postgres cancel a statement before the client stops waiting for it', () => {
    const extra = driverOptions(15000);
    expect(extra.statement_timeout).toBe(15000);
    // A client that gave up first would answer 503 for a statement the server then committed.
    expect(extra.query_timeout as number).toBeGreaterThan(15000);
  });

  it('sets no timeout on either side for migrations, whose concurrent index builds on big tables take long', () => {
    const extra = driverOptions();
    expect(extra.statement_timeout).toBeUndefined();
    expect(extra.query_timeout).toBeUndefined();
  });
});
