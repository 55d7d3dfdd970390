import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient, QueryConfig } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { StatementNames } from './statement-names';

let statementsSent = 0;

/** Statements this process has sent to Postgres (BEGIN and COMMIT included), for /metrics and the bench. */
export function statementsSentTotal(): number {
  return statementsSent;
}

/**
 * Carries the open transaction of a use case to every repository it calls, so services say where a
 * transaction begins and ends and repositories never pass managers around.
 */
@Injectable()
export class TransactionHost {
  private readonly storage = new AsyncLocalStorage<EntityManager>();
  private readonly statementNames = new StatementNames();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The current transaction's manager, or the pool's when no transaction is open. */
  get manager(): EntityManager {
    return this.storage.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  /** Runs fn in a transaction; joins the caller's transaction when one is already open. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    statementsSent += 2;
    return this.dataSource.transaction((manager) => this.storage.run(manager, fn));
  }

  /** Rows of a query (RETURNING rows for writes), on the current transaction when one is open. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.execute(sql, params)).records as T[];
  }

  /**
   * Rows and affected-row count, in one shape for every statement kind. Runs on pg directly (the
   * transaction's client, or the pool's), with repeating SQL as named prepared statements.
   */
  async execute(sql: string, params: unknown[] = []): Promise<{ records: unknown[]; affected: number }> {
    const config: QueryConfig = { text: sql, values: params, name: this.statementNames.nameFor(sql) };
    const runner = this.storage.getStore()?.queryRunner;
    const client: Pick<PoolClient, 'query'> = runner
      ? ((await runner.connect()) as PoolClient)
      : (this.dataSource.driver as PostgresDriver).master;
    statementsSent += 1;
    const result = await client.query(config);
    return { records: result.rows ?? [], affected: result.rowCount ?? 0 };
  }
}
