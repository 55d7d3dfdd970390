import Redis from 'ioredis';
import { Client } from 'pg';

/** Drops the run's template and every per-file database, and the run's queue keys. */
export default async function globalTeardown(): Promise<void> {
  const baseUrl = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const admin = new Client({ connectionString: `${baseUrl}/postgres` });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
    `${process.env.TEST_DATABASE_NAME}%`,
  ]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{cftest_${process.env.TEST_RUN_ID}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
