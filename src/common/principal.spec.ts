import type { ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { CallerNewsroom, type Principal } from './principal';

/** The value a param decorator gives a handler for a request made with this principal. */
function resolve(decorator: () => ParameterDecorator, principal: Principal): unknown {
  class Probe {
    handler(_value: unknown): void {}
  }
  decorator()(Probe.prototype, 'handler', 0);
  const [argument] = Object.values(Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as object) as Array<{
    factory: (data: unknown, context: ExecutionContext) => unknown;
  }>;
  const context = { switchToHttp: () => ({ getRequest: () => ({ principal }) }) } as unknown as ExecutionContext;
  return argument.factory(undefined, context);
}

describe('CallerNewsroom', () => {
  it("is the calling newsroom's id, and null for the other roles", () => {
    expect(resolve(CallerNewsroom, { role: 'newsroom', ownerId: 'n1', keyId: 'k1' })).toBe('n1');
    expect(resolve(CallerNewsroom, { role: 'reviewer', ownerId: 'r1', keyId: 'k2' })).toBeNull();
    expect(resolve(CallerNewsroom, { role: 'admin', ownerId: null, keyId: null })).toBeNull();
  });
});
