/** Column and table definitions of the warehouse schema, and the enumerations the columns use. */

export type ColumnType = 'int' | 'real' | 'money' | 'text' | 'bool' | 'date' | 'datetime' | 'json';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  /** NOT NULL unless set. Primary keys are always NOT NULL. */
  readonly nullable?: boolean;
  /** 'auto' = generated integer key (SQLite INTEGER PRIMARY KEY, T-SQL IDENTITY). */
  readonly pk?: true | 'auto';
  readonly unique?: boolean;
  /** `table.column` */
  readonly references?: string;
  /** allowed values (CHECK … IN …) */
  readonly values?: readonly string[];
  /** inclusive numeric range (CHECK … BETWEEN …) */
  readonly range?: readonly [number, number];
  /** max length of a text column (T-SQL NVARCHAR(n); SQLite CHECK length()). Unset = unbounded. */
  readonly maxLength?: number;
  /** SQL literal default, the same in both dialects (numbers, quoted strings). */
  readonly default?: string | number;
  readonly doc?: string;
}

export interface Index {
  readonly columns: readonly string[];
  readonly unique?: boolean;
}

export interface Table {
  readonly name: string;
  readonly kind: 'fact' | 'dimension' | 'ops';
  readonly doc: string;
  readonly columns: readonly Column[];
  readonly indexes?: readonly Index[];
}

export const id = (name: string, doc?: string): Column => ({ name, type: 'int', pk: 'auto', doc });
export const ref = (name: string, references: string, nullable = false): Column => ({ name, type: 'int', references, nullable });
export const text = (name: string, maxLength?: number, extra: Partial<Column> = {}): Column => ({ name, type: 'text', maxLength, ...extra });
export const sourceRef: Column = { name: 'source_ref', type: 'text', maxLength: 64, unique: true, doc: 'natural key in the source system' };

export const SEGMENTS = ['Bronze', 'Argent', 'Or'] as const;
export const CLIENT_TYPES = ['Particulier', 'Professionnel'] as const;
export const CHURN_RISKS = ['Faible', 'Moyen', 'Élevé'] as const;
export const SPECIALITES = ['Tableau', 'VMC', 'Chauffage', 'Domotique', 'Éclairage', 'IRVE'] as const;
export const JOURS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'] as const;
export const ROLES = ['direction', 'planning', 'technical_director', 'technician'] as const;
export const URGENCES = ['normale', 'urgente', 'critique'] as const;
export const PLANNED_STATUSES = ['a_planifier', 'planifie', 'en_cours', 'realise', 'annule'] as const;
export const DEVIS_STATUSES = ['envoye', 'signe', 'refuse', 'expire'] as const;
export const CONTRAT_STATUSES = ['actif', 'renouvele', 'resilie', 'expire'] as const;
export const SURVEY_CHANNELS = ['sms', 'web', 'email'] as const;
export const SURVEY_STATUSES = ['planifie', 'envoye', 'en_cours', 'complete', 'expire', 'desinscrit'] as const;
export const PORTAL_STATUSES = ['a_valider', 'valide', 'annule'] as const;
export const ETL_SOURCES = ['erp', 'mobile', 'portal', 'survey'] as const;
export const LANGUES = ['fr', 'en'] as const;

