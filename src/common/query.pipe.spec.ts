import { BadRequestException } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { PageCursor, PageLimit } from './pagination';
import { PLAIN_MESSAGE, QueryPipe } from './query.pipe';

class ListQuery {
  @IsIn(['a', 'b'], { message: 'kind must be a or b' })
  kind: string = 'a';

  @PageLimit(20, 100)
  limit: number;

  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc', ...PLAIN_MESSAGE })
  order: string = 'asc';

  @PageCursor()
  cursor?: string;
}

const pipe = new QueryPipe(ListQuery);

function refusal(query: Record<string, unknown>): unknown {
  try {
    pipe.transform(query);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse();
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
}

describe('QueryPipe', () => {
  it('answers a DTO instance with defaults and converted values', () => {
    expect(pipe.transform({})).toEqual(Object.assign(new ListQuery(), { kind: 'a', limit: 20, order: 'asc' }));
    expect(pipe.transform({ kind: 'b', limit: '007', cursor: 'x.y' })).toMatchObject({ kind: 'b', limit: 7, cursor: 'x.y' });
    expect(pipe.transform({ limit: '' }).limit).toBe(20);
    expect(pipe.transform(undefined).limit).toBe(20);
  });

  it('drops unknown parameters instead of refusing them', () => {
    const query = pipe.transform({ kind: 'b', unknown: '1', toString: '1' });
    expect(query).not.toHaveProperty('unknown');
    expect(Object.keys(query).sort()).toEqual(['cursor', 'kind', 'limit', 'order']);
  });

  it('answers the first failing field alone, in declaration order, as a one-item list', () => {
    expect(refusal({ kind: 'c', limit: '0', order: 'up' })).toEqual({
      statusCode: 400,
      message: ['kind must be a or b'],
      error: 'Bad Request',
    });
    expect(refusal({ kind: ['a', 'b'] })).toMatchObject({ message: ['kind must be a or b'] });
  });

  it('keeps a plain message for the rules marked so (limit, cursor)', () => {
    expect(refusal({ limit: '0', order: 'up' })).toMatchObject({ message: 'limit must be an integer between 1 and 100' });
    expect(refusal({ order: 'up' })).toMatchObject({ message: 'order must be asc or desc' });
    for (const limit of ['101', 'ten', '-1', '1.5', ['1', '2'], { a: '1' }, '99999999999999999999999'])
      expect(refusal({ limit })).toMatchObject({ message: 'limit must be an integer between 1 and 100' });
    expect(refusal({ cursor: ['a', 'b'] })).toMatchObject({ message: 'cursor is not valid: pass back a nextCursor this server returned' });
  });
});
