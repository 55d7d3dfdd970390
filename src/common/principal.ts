import { createParamDecorator, type ExecutionContext, ForbiddenException, SetMetadata } from '@nestjs/common';

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

/** The id of the caller's own newsroom or reviewer record; a key that has none (the admin key) is 403. */
function callerOf(role: 'newsroom' | 'reviewer') {
  return createParamDecorator((_: unknown, context: ExecutionContext): string => {
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (principal?.role !== role || principal.ownerId === null) throw new ForbiddenException(`this endpoint is for role ${role}`);
    return principal.ownerId;
  });
}

/** The calling newsroom's id, or null for a caller of another role (on routes open to several roles). */
export const CallerNewsroom = createParamDecorator((_: unknown, context: ExecutionContext): string | null => {
  const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  return principal?.role === 'newsroom' ? principal.ownerId : null;
});

/** The calling newsroom's id, on routes for role newsroom. */
export const CurrentNewsroom = callerOf('newsroom');
/** The calling reviewer's id, on routes for role reviewer. */
export const CurrentReviewer = callerOf('reviewer');
