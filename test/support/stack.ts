import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ApiModule } from '../../src/app/api.module';
import { createHttpApp } from '../../src/app/http-app';
import { WorkerModule } from '../../src/app/worker.module';

export { sleep, waitFor } from './wait';

export const ADMIN_KEY = 'test-admin-key-0123456789';

/** Builds a module with extra environment variables applied only while its config is read. */
async function withEnv<T>(env: Record<string, string>, build: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await build();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export async function startApi(env: Record<string, string> = {}): Promise<NestExpressApplication> {
  const app = await withEnv(env, () => createHttpApp(ApiModule, 'error'));
  await app.listen(0, '127.0.0.1');
  return app;
}

export async function startWorker(env: Record<string, string> = {}): Promise<INestApplicationContext> {
  return withEnv(env, async () => {
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'], abortOnError: false });
    await worker.init();
    return worker;
  });
}

export interface Stack {
  api: NestExpressApplication;
  worker: INestApplicationContext | null;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const api = await startApi(options.env);
  const worker = options.worker === false ? null : await startWorker(options.env);
  return {
    api,
    worker,
    http: request(api.getHttpServer()),
    async close() {
      await worker?.close();
      await api.close();
    },
  };
}

export interface StackOptions {
  worker?: boolean;
  env?: Record<string, string>;
}

/**
 * The stack of a describe block: started in a beforeAll, closed in an afterAll, both registered here.
 * The answer stands for the stack (`stack.http`, `createNewsroom(stack)`) once the beforeAll has run;
 * touching it earlier, at collection time, throws. Jest runs afterAll hooks in the order they are
 * declared, so an afterAll declared after this call finds the stack closed: one that still needs it
 * (a trigger to drop through its DataSource) keeps startStack and its own close.
 */
export function withStack(options: StackOptions = {}): Stack {
  let started: Stack | undefined;
  beforeAll(async () => {
    started = await startStack(options);
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  const current = (): Stack => {
    if (!started) throw new Error('withStack: the stack is started in beforeAll; use it inside hooks and tests only');
    return started;
  };
  return new Proxy({} as Stack, {
    get: (_, key) => Reflect.get(current(), key),
    set: (_, key, value) => Reflect.set(current(), key, value),
  });
}

export function bearer(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}

export async function createNewsroom(stack: Stack, name = 'Wire Desk'): Promise<{ id: string; apiKey: string; apiKeyId: string }> {
  const response = await stack.http.post('/v1/admin/newsrooms').set(bearer(ADMIN_KEY)).send({ name }).expect(201);
  return response.body;
}

export async function createReviewer(
  stack: Stack,
  name = 'Reviewer',
  languages?: string[],
): Promise<{ id: string; apiKey: string; apiKeyId: string }> {
  const response = await stack.http.post('/v1/admin/reviewers').set(bearer(ADMIN_KEY)).send({ name, languages }).expect(201);
  return response.body;
}
