import { CURSOR_REFUSAL, LIMIT_REFUSAL, refusal } from '../../test/support/query-refusals';
import { QueryPipe } from '../common/query.pipe';
import { DeliveryListQuery, WebhookListQuery } from './webhook-list.query';

const endpoints = new QueryPipe(WebhookListQuery);
const deliveries = new QueryPipe(DeliveryListQuery);

const LIMIT = LIMIT_REFUSAL;
const STATUS = 'status must be one of pending, delivered, failed';
const CURSOR = CURSOR_REFUSAL;

describe('WebhookListQuery', () => {
  it('pages 50 endpoints by default and ignores a status or other parameters', () => {
    expect(endpoints.transform({ status: 'bogus', other: '1' })).toEqual(Object.assign(new WebhookListQuery(), { limit: 50 }));
    expect(endpoints.transform({ limit: '2', cursor: 'x.y' })).toMatchObject({ limit: 2, cursor: 'x.y' });
  });

  it.each([
    [{ limit: '201' }, LIMIT],
    [{ cursor: ['a', 'b'] }, CURSOR],
    [{ cursor: ['a', 'b'], limit: '0' }, LIMIT],
  ])('refuses %j with its message', (query, expected) => {
    expect(() => endpoints.transform(query)).toThrow(refusal(expected));
  });
});

describe('DeliveryListQuery', () => {
  it('lists deliveries of every status by default, or of one', () => {
    expect(deliveries.transform({})).toEqual(Object.assign(new DeliveryListQuery(), { limit: 50 }));
    expect(deliveries.transform({ status: '' }).status).toBe('');
    expect(deliveries.transform({ status: 'failed', limit: '1' })).toMatchObject({ status: 'failed', limit: 1 });
  });

  it.each([
    [{ status: 'bogus' }, STATUS],
    [{ status: ['failed', 'failed'] }, STATUS],
    [{ limit: 'x' }, LIMIT],
    [{ cursor: ['', ''] }, CURSOR],
    // The first failing field in the order they were always checked: limit, status, cursor.
    [{ status: 'bogus', limit: '0' }, LIMIT],
    [{ cursor: ['a', 'b'], status: 'bogus' }, STATUS],
  ])('refuses %j with its message as a plain string', (query, expected) => {
    expect(() => deliveries.transform(query)).toThrow(refusal(expected));
  });
});
