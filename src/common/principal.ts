import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export type Role = 'admin' | 'newsroom' | 'reviewer';

export interface Principal {
  role: Role;
  /** The newsroom or reviewer id; null for the bootstrap admin key. */
  ownerId: string | null;
  keyId: string | null;
  /** A reviewer's languages (fixed at creation; claim-next's default filter); absent for other roles. */
  languages?: string[];
}

export const PUBLIC_ROUTE = 'claimflow:public';
export const ROLES = 'claimflow:roles';

/** No API key needed (health, docs, metrics). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Roles allowed on a route or controller; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest().principal;
});
