export const ROLES = ['CUSTOMER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** The caller as the gateway vouches for it; `null` user means an anonymous caller. */
export interface Viewer {
  id: string;
  role: Role;
}
