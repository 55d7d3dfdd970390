import { CURSOR_REFUSAL, LIMIT_REFUSAL, refusal } from '../../test/support/query-refusals';
import { QueryPipe } from '../common/query.pipe';
import { languageFilter, ReviewTaskListQuery } from './review-task-list.query';

const pipe = new QueryPipe(ReviewTaskListQuery);

const STATUS = ['status must be one of open, claimed, done, cancelled'];
const LIMIT = LIMIT_REFUSAL;
const LANGUAGE = ['language must be a BCP 47 tag or a comma-separated list of them'];
const CURSOR = CURSOR_REFUSAL;

describe('ReviewTaskListQuery', () => {
  it('lists open tasks, 50 a page, in any language by default, and drops other parameters', () => {
    const query = pipe.transform({ other: '1' });
    expect(query).toEqual(Object.assign(new ReviewTaskListQuery(), { status: 'open', limit: 50 }));
    expect(languageFilter(query)).toBeNull();
    expect(languageFilter(pipe.transform({ language: '' }))).toBeNull();
  });

  it('filters on the primary subtags of the languages, once each', () => {
    expect(languageFilter(pipe.transform({ language: 'en, fr ,EN-gb' }))).toEqual(['en', 'fr']);
  });

  it.each([
    [{ status: 'bogus' }, STATUS],
    [{ status: '' }, STATUS],
    [{ status: ['open', 'done'] }, STATUS],
    [{ limit: '201' }, LIMIT],
    [{ limit: 'x' }, LIMIT],
    [{ language: 'en,,fr' }, LANGUAGE],
    [{ language: ['en', 'fr'] }, LANGUAGE],
    [{ cursor: ['a', 'b'] }, CURSOR],
    // The first failing field in the order the service checked them: status, limit, language, cursor.
    [{ cursor: ['a', 'b'], status: 'bogus' }, STATUS],
    [{ language: 'bad!', limit: '0' }, LIMIT],
    [{ cursor: ['a', 'b'], language: 'bad!' }, LANGUAGE],
  ])('refuses %j with its message', (query, expected) => {
    expect(() => pipe.transform(query)).toThrow(refusal(expected));
  });

  it('leaves a cursor string to the service, which checks its signature', () => {
    expect(pipe.transform({ cursor: 'forged.cursor' }).cursor).toBe('forged.cursor');
  });
});
