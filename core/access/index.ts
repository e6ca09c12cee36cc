export type { Role, User } from './types.ts';
export { resolveUser, listUsers, type UserLookup } from './users.ts';
export { authorize, type AccessRequest, type AccessDecision, type RefusalReason, type DashboardName } from './policy.ts';
