import { LIMIT_REFUSAL, refusal } from '../../test/support/query-refusals';
import { QueryPipe } from '../common/query.pipe';
import { FactCheckSearchQuery } from './fact-check-search.query';

const pipe = new QueryPipe(FactCheckSearchQuery);

const Q = ['q must be a string of 1 to 2000 characters'];
const LANGUAGE = ['language must be a BCP 47 language tag of at most 35 characters'];
const LIMIT = LIMIT_REFUSAL;
const CURSOR = ['cursor is not accepted: search is not paged'];

describe('FactCheckSearchQuery', () => {
  it('takes q, an optional language and a limit of 10 by default, and drops other parameters', () => {
    expect(pipe.transform({ q: 'x', other: '1' })).toEqual(Object.assign(new FactCheckSearchQuery(), { q: 'x', limit: 10 }));
    expect(pipe.transform({ q: ' x ', language: 'es-ES', limit: '200' })).toMatchObject({ q: ' x ', language: 'es-ES', limit: 200 });
  });

  it.each([
    [{}, Q],
    [{ q: '  ' }, Q],
    [{ q: 'x'.repeat(2001) }, Q],
    [{ q: ['x', 'y'] }, Q],
    [{ q: 'x', language: '' }, LANGUAGE],
    [{ q: 'x', language: ['en', 'fr'] }, LANGUAGE],
    [{ q: 'x', limit: '0' }, LIMIT],
    [{ q: 'x', limit: ['1', '2'] }, LIMIT],
    [{ q: 'x', cursor: '' }, CURSOR],
    // The first failing field in the order the service checked them: cursor, q, language, limit.
    [{ cursor: 'a', q: '' }, CURSOR],
    [{ q: '', language: 'bad!', limit: '0' }, Q],
    [{ q: 'x', language: 'bad!', limit: '0' }, LANGUAGE],
  ])('refuses %j with its message', (query, expected) => {
    expect(() => pipe.transform(query)).toThrow(refusal(expected));
  });
});
