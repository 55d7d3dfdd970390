import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { STRICT_VALIDATION_OPTIONS, StrictValidationPipe } from '../common/json-body.pipe';
import { isAcceptedArticleInput } from './article-input';
import { SubmitArticleDto } from './article.dto';

const metadata = { type: 'body' as const, metatype: SubmitArticleDto, data: undefined };
const fullValidation = new ValidationPipe(STRICT_VALIDATION_OPTIONS);

async function verdict(pipe: { transform(value: unknown, meta: typeof metadata): unknown }, body: unknown) {
  try {
    return { accepted: true, value: await pipe.transform(structuredClone(body), metadata) };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return { accepted: false, response: error.getResponse() };
  }
}

/** Values each field may take in the generated bodies: valid ones, boundary ones and wrong ones. */
const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });
const CANDIDATES: Record<string, unknown[]> = {
  text: ['Plain text.', '', 'x'.repeat(2_000_000), 'x'.repeat(2_000_001), '😀'.repeat(1_000_001), 7, true, ['a'], { a: 1 }, null],
  html: ['<p>Hi</p>', '', 3, null],
  language: ['en', 'pt-BR', 'e', 'english', 'x'.repeat(36), 'en-' + 'a'.repeat(40), 1, null],
  title: ['Title', '', 'x'.repeat(1000), 'x'.repeat(1001), '😀'.repeat(600), 5, [], null],
  url: ['https://example.org/a', 'http://x', 'ftp://example.org', 'not a url', 'https://' + 'a'.repeat(2050), 1, null],
  publishedAt: ['2026-01-02T03:04:05Z', '2026-02-30T00:00:00Z', '2026-01-02', 'yesterday', 20260102, null],
  externalId: ['ext-1', '', '\uFE0F', 'a\uFE0F', '\uFE0Fa', 'x'.repeat(255), 'x'.repeat(256), '😀'.repeat(200), 9, null],
  metadata: [
    { source: 'wire', tags: ['a', 'b'] },
    {},
    [],
    'meta',
    7,
    deep(10),
    deep(11),
    { big: 'x'.repeat(16 * 1024) },
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { nested: JSON.parse('{"constructor": 1}') },
    { prototype: 1 },
    null,
  ],
  urgency: ['low', 'normal', 'high', 'breaking', 'urgent', 'constructor', '__proto__', 1, null],
  unknown: ['x', null],
  __proto__: [{}],
  constructor: [1],
};

/** A deterministic mix of fields and values (a fixed linear congruential sequence). */
function* bodies(count: number): Generator<Record<string, unknown>> {
  let seed = 12345;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const fields = Object.keys(CANDIDATES);
  for (let i = 0; i < count; i += 1) {
    const body: Record<string, unknown> = {};
    for (const field of fields) {
      if (next(3) !== 0) continue;
      const values = CANDIDATES[field];
      Object.defineProperty(body, field, { value: values[next(values.length)], enumerable: true, writable: true, configurable: true });
    }
    yield body;
  }
}

describe('article input acceptance check', () => {
  it('never accepts a body that the full validation refuses, and then builds the same DTO', async () => {
    const fast = new StrictValidationPipe();
    let accepted = 0;
    for (const body of bodies(400)) {
      const full = await verdict(fullValidation, body);
      if (isAcceptedArticleInput(JSON.parse(JSON.stringify(body)) as Record<string, unknown>)) {
        accepted += 1;
        expect({ body, accepted: full.accepted }).toEqual({ body, accepted: true });
      }
      const piped = await verdict(fast, JSON.parse(JSON.stringify(body)));
      expect(piped.accepted).toBe(full.accepted);
      if (piped.accepted) {
        expect(piped.value).toBeInstanceOf(SubmitArticleDto);
        expect({ ...(piped.value as object) }).toEqual({ ...(full.value as object) });
      } else {
        expect(piped.response).toEqual(full.response);
      }
    }
    // The check is there for the usual bodies: it must accept a fair share of the valid ones.
    expect(accepted).toBeGreaterThan(30);
  });

  it('accepts the usual ingest bodies and sends anything unusual to the full validation', () => {
    expect(isAcceptedArticleInput({ title: 'Bench', text: 'Some text.' })).toBe(true);
    expect(isAcceptedArticleInput({ html: '<p>x</p>', url: 'https://example.org', urgency: 'high', metadata: { a: [1] } })).toBe(true);
    expect(isAcceptedArticleInput({ text: 'x', title: null })).toBe(true);
    expect(isAcceptedArticleInput({ text: 'x', extra: 1 })).toBe(false);
    expect(isAcceptedArticleInput({ text: 'x', externalId: '' })).toBe(false);
    expect(isAcceptedArticleInput(JSON.parse('{"text": "x", "metadata": {"__proto__": {"a": 1}}}') as Record<string, unknown>)).toBe(false);
  });
});
