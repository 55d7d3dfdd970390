import { isInfrastructureError } from './infrastructure-error';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isInfrastructureError', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    ['the pool failing to connect in time', new Error('timeout exceeded when trying to connect')],
    ['an administrator shutdown (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['ioredis with the connection closed', new Error('Connection is closed.')],
    [
      'ioredis out of retries',
      Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }),
    ],
    ['a cluster that lost its slots', new Error('CLUSTERDOWN The cluster is down')],
    ['a wrapped cause', new Error('extraction failed', { cause: withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED') })],
    [
      'both addresses refused',
      Object.assign(new AggregateError([withCode('a', 'ECONNREFUSED'), withCode('b', 'ECONNREFUSED')]), { message: '' }),
    ],
  ])('counts %s as infrastructure', (_, error) => {
    expect(isInfrastructureError(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'text')")],
    ['a constraint violation (23505)', withCode('duplicate key value violates unique constraint', '23505')],
    ['a statement timeout (57014)', withCode('canceling statement due to statement timeout', '57014')],
    ['a query read timeout', new Error('Query read timeout')],
    ['a deadlock (40P01)', withCode('deadlock detected', '40P01')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('does not count %s', (_, error) => {
    expect(isInfrastructureError(error)).toBe(false);
  });
});
