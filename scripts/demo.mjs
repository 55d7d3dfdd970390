#!/usr/bin/env node
// Against a running claimflow: creates a newsroom, submits an article, prints its claims as a table.
//   npm run demo [-- path/to/article.txt]     env: CLAIMFLOW_URL (http://localhost:3000), ADMIN_API_KEY
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const base = process.env.CLAIMFLOW_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const adminKey = process.env.ADMIN_API_KEY ?? 'dev-admin-key-change-me';
const samplePath = resolve(process.argv[2] ?? new URL('../samples/article-iraq-trafficking.txt', import.meta.url).pathname);
const FALLBACK = `City Council Approves Budget

The city council approved a $4.2 billion budget on Tuesday, 8% more than last year. Mayor Jane Doe said the increase would pay for 300 new teachers. Critics argued that property taxes have risen faster than wages since 2019.

Residents will vote on the plan in November.`;

async function call(method, path, key, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const payload = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${JSON.stringify(payload)}`);
  return payload;
}

const text = existsSync(samplePath) ? readFileSync(samplePath, 'utf8') : FALLBACK;
const newsroom = await call('POST', '/v1/admin/newsrooms', adminKey, { name: `Demo desk ${new Date().toISOString()}` });
console.log(`newsroom ${newsroom.id} (key ${newsroom.apiKey.slice(0, 14)}…)`);
const submitted = await call('POST', '/v1/articles', newsroom.apiKey, { title: text.split('\n')[0], text });
console.log(`article ${submitted.id} ${submitted.status}`);

let article;
for (let waited = 0; waited < 30000; waited += 250) {
  article = await call('GET', `/v1/articles/${submitted.id}`, newsroom.apiKey);
  const settled = article.claims.length > 0 && article.claims.every((claim) => !['pending', 'verifying'].includes(claim.status));
  if (article.status === 'failed' || (settled && article.status !== 'extracting')) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.log(`article status: ${article.status}, language ${article.language}, ${article.claims.length} claims\n`);
const rows = article.claims.map((claim, index) => ({
  '#': index + 1,
  score: claim.checkworthiness.toFixed(3),
  status: claim.status,
  offsets: `${claim.start}-${claim.end}`,
  claim: claim.text.length > 90 ? `${claim.text.slice(0, 87)}...` : claim.text,
}));
console.table(rows);
