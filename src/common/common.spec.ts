import { BadRequestException } from '@nestjs/common';
import { canonicalJson, jsonHash } from './canonical-json';
import { CursorCodec } from './pagination';
import { inspectJson } from './json-inspection';
import { isHttpUrl, isLanguageTag, isSmallJsonObject } from './validators';

describe('canonical JSON', () => {
  it('ignores key order and whitespace, not values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(jsonHash(JSON.parse('{ "a": 1, "b": 2 }'))).toBe(jsonHash({ b: 2, a: 1 }));
    expect(jsonHash({ a: 1 })).not.toBe(jsonHash({ a: '1' }));
  });
});

describe('pagination', () => {
  const codec = new CursorCodec('secret');

  it('round-trips its own cursors and refuses anything else with 400', () => {
    const cursor = codec.encode({ k: '2026-01-01T00:00:00.000Z', id: 'abc' });
    expect(codec.decode(cursor)).toEqual({ k: '2026-01-01T00:00:00.000Z', id: 'abc' });
    expect(codec.decode(undefined)).toBeNull();
    for (const bad of ['x', `${cursor}x`, `${cursor}.y`, new CursorCodec('other').encode({ k: 1, id: 'a' })]) {
      expect(() => codec.decode(bad)).toThrow(BadRequestException);
    }
  });

  it('pages with a cursor only when more rows exist', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(codec.page(rows, 3, (row) => ({ k: 1, id: row.id })).nextCursor).toBeNull();
    const page = codec.page(rows, 2, (row) => ({ k: 1, id: row.id }));
    expect(page.items).toHaveLength(2);
    expect(codec.decode(page.nextCursor)).toEqual({ k: 1, id: 'b' });
  });
});

describe('input checks', () => {
  it('finds NUL characters in values and keys', () => {
    expect(inspectJson({ a: 'ok', b: ['x\u0000'], ['k\u0000']: 1 }).nulPaths.sort()).toEqual(['body key', 'body.b[0]']);
    expect(inspectJson({ a: 'fine' }).nulPaths).toEqual([]);
  });

  it('measures nesting depth without recursion, at any depth', () => {
    expect(inspectJson('x').depth).toBe(0);
    expect(inspectJson({ a: [1, { b: {} }] }).depth).toBe(4);
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
    expect(inspectJson(deep).depth).toBe(200_000);
    expect(inspectJson(deep, 32).depth).toBe(33); // stops one level past the limit
  });

  it('validates language tags, URLs and metadata', () => {
    expect(isLanguageTag('pt-BR')).toBe(true);
    expect(isLanguageTag('zh-Hant-TW')).toBe(true);
    expect(isLanguageTag('english!')).toBe(false);
    expect(isLanguageTag('a'.repeat(36))).toBe(false);
    expect(isHttpUrl('https://example.org/a?b=c')).toBe(true);
    expect(isHttpUrl('ftp://example.org')).toBe(false);
    expect(isHttpUrl('/relative')).toBe(false);
    expect(isSmallJsonObject({ a: { b: 1 } })).toBe(true);
    expect(isSmallJsonObject([1])).toBe(false);
    expect(isSmallJsonObject({ big: 'x'.repeat(17 * 1024) })).toBe(false);
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 11; level += 1) deep = { deep };
    expect(isSmallJsonObject(deep)).toBe(false);
  });
});
