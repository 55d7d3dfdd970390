import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Carries the open transaction of a use case to every repository it calls, so services say where a
 * transaction begins and ends and repositories never pass managers around.
 */
@Injectable()
export class TransactionHost {
  private readonly storage = new AsyncLocalStorage<EntityManager>();

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
    return this.dataSource.transaction((manager) => this.storage.run(manager, fn));
  }

  /** Rows of a query (RETURNING rows for writes), on the current transaction when one is open. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.execute(sql, params)).records as T[];
  }

  /** Rows and affected-row count, in one shape for every statement kind. */
  async execute(sql: string, params: unknown[] = []): Promise<{ records: unknown[]; affected: number }> {
    const runner = this.storage.getStore()?.queryRunner;
    if (runner) return toResult(await runner.query(sql, params, true));
    const own = this.dataSource.createQueryRunner();
    try {
      return toResult(await own.query(sql, params, true));
    } finally {
      await own.release();
    }
  }
}

function toResult(result: { records?: unknown[]; affected?: number }): { records: unknown[]; affected: number } {
  return { records: result.records ?? [], affected: result.affected ?? 0 };
}
