import { CURSOR_REFUSAL, LIMIT_REFUSAL, refusal } from '../../test/support/query-refusals';
import { QueryPipe } from '../common/query.pipe';
import { ArticleListQuery } from './article-list.query';

const pipe = new QueryPipe(ArticleListQuery);

const LIMIT = LIMIT_REFUSAL;
const STATUS = 'status must be one of received, extracting, verifying, completed, failed';
const CURSOR = CURSOR_REFUSAL;

describe('ArticleListQuery', () => {
  it('lists every status, 50 a page, by default, and drops other parameters', () => {
    expect(pipe.transform(JSON.parse('{"other":"1","__proto__":"1"}'))).toEqual(Object.assign(new ArticleListQuery(), { limit: 50 }));
    expect(pipe.transform({ status: '', limit: '', cursor: '' })).toMatchObject({ status: '', limit: 50, cursor: '' });
    expect(pipe.transform({ status: 'completed', limit: '007', cursor: 'x.y' })).toMatchObject({
      status: 'completed',
      limit: 7,
      cursor: 'x.y',
    });
  });

  it.each([
    [{ limit: '0' }, LIMIT],
    [{ limit: ['1', '2'] }, LIMIT],
    [{ status: 'bogus' }, STATUS],
    [{ status: 'RECEIVED' }, STATUS],
    [{ status: ['received', 'received'] }, STATUS],
    [{ cursor: ['a', 'b'] }, CURSOR],
    // The first failing field in the order they were always checked: limit, status, cursor.
    [{ status: 'bogus', limit: '0' }, LIMIT],
    [{ cursor: ['a', 'b'], limit: 'x' }, LIMIT],
    [{ cursor: ['a', 'b'], status: 'bogus' }, STATUS],
  ])('refuses %j with its message as a plain string', (query, expected) => {
    expect(() => pipe.transform(query)).toThrow(refusal(expected));
  });
});
