import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Each e2e file gets its own database (cloned from the run's migrated template) and its own queue
 * prefix, so one file's backlog or rows never slow down or confuse another's assertions.
 */
beforeAll(async () => {
  const suffix = randomBytes(3).toString('hex');
  const database = `${process.env.TEST_DATABASE_NAME}_${suffix}`;
  const base = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${process.env.TEST_DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  process.env.DATABASE_URL = `${base}/${database}`;
  process.env.QUEUE_PREFIX = `{cftest_${process.env.TEST_RUN_ID}_${suffix}}`;
});
