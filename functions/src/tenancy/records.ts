import type { Connection } from '../core/pagination';

/** Storage shapes of the tenancy domain (platform table). GraphQL types map onto these. */
export type TenantLevel = 'CITY' | 'COUNTY';

export interface TenantRecord {
  readonly pk: string;
  readonly sk: 'TENANT';
  readonly type: 'Tenant';
  readonly id: string;
  readonly name: string;
  readonly regionCode: string;
  readonly level: TenantLevel;
  readonly parentId: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export const CONTACT_POINT_KINDS = [
  'TOWNSHIP',
  'STREET',
  'COMMUNITY',
  'VILLAGE',
  'ENTERPRISE',
  'SCHOOL',
  'LAW_FIRM',
  'ASSOCIATION',
  'JUDICIAL',
  'OTHER',
] as const;
export type ContactPointKind = (typeof CONTACT_POINT_KINDS)[number];

export interface LiaisonRecord {
  readonly name: string;
  readonly title: string | null;
  readonly phone: string | null;
}

export interface ContactPointRecord {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'ContactPoint';
  readonly tenantId: string;
  readonly id: string;
  readonly name: string;
  readonly kind: ContactPointKind;
  readonly address: string | null;
  readonly regionCode: string | null;
  readonly establishedOn: string | null;
  readonly active: boolean;
  readonly liaisons: readonly LiaisonRecord[];
  /** Lowercased name and address, for `search`. */
  readonly searchText: string;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
  readonly updatedBy: string;
}

export type TenantConnectionModel = Connection<TenantRecord>;
export type ContactPointConnectionModel = Connection<ContactPointRecord>;
