import type { ROLES } from '../warehouse/schema.ts';

export type Role = (typeof ROLES)[number];

/** A person the bot talks to, resolved from Teams (AAD object id) or an email. */
export interface User {
  userId: number;
  email: string;
  displayName: string;
  role: Role;
  /** set for technicians */
  technicienId: number | null;
  langue: 'fr' | 'en';
}
