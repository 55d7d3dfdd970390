import { StatementNames } from './statement-names';

describe('StatementNames', () => {
  it('names a text from its second use on, always with the same name', () => {
    const names = new StatementNames();
    expect(names.nameFor('SELECT 1')).toBeUndefined();
    const name = names.nameFor('SELECT 1');
    expect(name).toMatch(/^cf_\d+$/);
    expect(names.nameFor('SELECT 1')).toBe(name);
  });

  it('gives different texts different names', () => {
    const names = new StatementNames();
    for (const sql of ['SELECT 1', 'SELECT 2', 'SELECT 1', 'SELECT 2']) names.nameFor(sql);
    expect(names.nameFor('SELECT 1')).not.toBe(names.nameFor('SELECT 2'));
  });

  it('stops naming new texts at its limit, and keeps the names it gave', () => {
    const names = new StatementNames(2);
    for (const sql of ['a', 'a', 'b', 'b']) names.nameFor(sql);
    expect([names.nameFor('c'), names.nameFor('c')]).toEqual([undefined, undefined]);
    expect(names.nameFor('a')).toBe('cf_1');
    expect(names.nameFor('b')).toBe('cf_2');
  });
});
