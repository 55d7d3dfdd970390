import { CURSOR_REFUSAL, LIMIT_REFUSAL, refusal } from '../../test/support/query-refusals';
import { QueryPipe } from '../common/query.pipe';
import { ApiKeyListQuery } from './api-key-list.query';

const pipe = new QueryPipe(ApiKeyListQuery);

const OWNER = 'Validation failed (uuid is expected)';
const LIMIT = LIMIT_REFUSAL;
const CURSOR = CURSOR_REFUSAL;

describe('ApiKeyListQuery', () => {
  it('lists every owner, 50 a page, by default, or the keys of one owner id', () => {
    expect(pipe.transform({ other: '1' })).toEqual(Object.assign(new ApiKeyListQuery(), { limit: 50 }));
    expect(pipe.transform({ ownerId: '' }).ownerId).toBe('');
    for (const id of [
      '32a4d5c2-2e02-47a6-b826-8e53043d7573',
      '00000000-0000-0000-0000-000000000000',
      'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    ]) {
      expect(pipe.transform({ ownerId: id }).ownerId).toBe(id);
    }
  });

  it.each([
    [{ ownerId: 'x' }, OWNER],
    [{ ownerId: ' ' }, OWNER],
    // the forms ParseUUIDPipe refuses: a variant nibble outside 8-b, version 0
    [{ ownerId: '11111111-1111-1111-1111-111111111111' }, OWNER],
    [{ ownerId: '32a4d5c2-2e02-07a6-b826-8e53043d7573' }, OWNER],
    [{ ownerId: ['32a4d5c2-2e02-47a6-b826-8e53043d7573', '32a4d5c2-2e02-47a6-b826-8e53043d7573'] }, OWNER],
    [{ limit: '0' }, LIMIT],
    [{ cursor: ['a', 'b'] }, CURSOR],
    // The first failing field in the order they were always checked: ownerId, limit, cursor.
    [{ limit: '0', ownerId: 'x' }, OWNER],
    [{ cursor: ['a', 'b'], ownerId: 'x' }, OWNER],
    [{ cursor: ['a', 'b'], limit: '0' }, LIMIT],
  ])('refuses %j with its message as a plain string', (query, expected) => {
    expect(() => pipe.transform(query)).toThrow(refusal(expected));
  });
});
