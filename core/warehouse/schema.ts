/**
 * The warehouse schema, defined once. `ddl.ts` renders it as SQLite DDL or T-SQL (Azure SQL).
 *
 * Conventions (both dialects):
 * - dates are ISO `YYYY-MM-DD` (SQLite TEXT, T-SQL DATE); datetimes are ISO 8601 with offset
 *   (SQLite TEXT, T-SQL DATETIMEOFFSET); booleans are 0/1 (SQLite INTEGER, T-SQL BIT);
 *   money is stored in euros with cents (SQLite REAL, T-SQL DECIMAL(12,2)).
 * - `date_id` is the integer YYYYMMDD key of `dim_temps`.
 * - `source_ref` is the natural key of the row in its source system (ERP number, mobile event id,
 *   portal request id…): ETL upserts on it, so loading the same file twice creates no duplicate.
 */

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

const id = (name: string, doc?: string): Column => ({ name, type: 'int', pk: 'auto', doc });
const ref = (name: string, references: string, nullable = false): Column => ({ name, type: 'int', references, nullable });
const text = (name: string, maxLength?: number, extra: Partial<Column> = {}): Column => ({ name, type: 'text', maxLength, ...extra });
const sourceRef: Column = { name: 'source_ref', type: 'text', maxLength: 64, unique: true, doc: 'natural key in the source system' };

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

export const TABLES: readonly Table[] = [
  // ───────────────────────────── dimensions ─────────────────────────────
  {
    name: 'dim_temps',
    kind: 'dimension',
    doc: 'One row per calendar day (Europe/Paris), French public holidays flagged.',
    columns: [
      { name: 'date_id', type: 'int', pk: true, doc: 'YYYYMMDD' },
      { name: 'date', type: 'date', unique: true },
      { name: 'annee', type: 'int' },
      { name: 'trimestre', type: 'int', range: [1, 4] },
      { name: 'mois', type: 'int', range: [1, 12] },
      { name: 'semaine', type: 'int', range: [1, 53], doc: 'ISO week number' },
      { name: 'annee_iso', type: 'int', doc: 'ISO week-numbering year' },
      { name: 'jour_semaine', type: 'text', maxLength: 10, values: JOURS },
      { name: 'jour_mois', type: 'int', range: [1, 31] },
      { name: 'est_ferie', type: 'bool' },
      { name: 'nom_ferie', type: 'text', maxLength: 60, nullable: true },
      { name: 'est_weekend', type: 'bool' },
    ],
    indexes: [{ columns: ['annee', 'mois'] }, { columns: ['annee_iso', 'semaine'] }],
  },
  {
    name: 'dim_zones',
    kind: 'dimension',
    doc: 'The 7 service zones around Annecy.',
    columns: [
      { name: 'zone_id', type: 'int', pk: true },
      text('nom_zone', 80, { unique: true }),
      { name: 'latitude_centre', type: 'real', range: [-90, 90] },
      { name: 'longitude_centre', type: 'real', range: [-180, 180] },
      { name: 'rayon_km', type: 'real' },
      { name: 'nb_clients_zone', type: 'int', default: 0 },
      { name: 'densite', type: 'real', default: 0, doc: 'clients per km²' },
      { name: 'technicien_affecte', type: 'int', nullable: true, doc: 'technicien_id (no FK: zones and technicians reference each other)' },
    ],
  },
  {
    name: 'dim_techniciens',
    kind: 'dimension',
    doc: 'Field technicians, their skills and home base.',
    columns: [
      { name: 'technicien_id', type: 'int', pk: true },
      text('nom', 80),
      text('prenom', 80),
      text('email', 120, { unique: true }),
      { name: 'telephone', type: 'text', maxLength: 16, nullable: true },
      { name: 'anciennete_ans', type: 'real', default: 0 },
      { name: 'specialites', type: 'json', doc: 'JSON list of SPECIALITES' },
      ref('zone_principale', 'dim_zones.zone_id'),
      { name: 'nb_interventions_mois', type: 'int', default: 0 },
      { name: 'satisfaction_moyenne', type: 'real', nullable: true, range: [1, 5] },
      { name: 'km_parcourus_mois', type: 'real', default: 0 },
      { name: 'taux_depassement', type: 'real', default: 0, range: [0, 1] },
      { name: 'base_latitude', type: 'real', range: [-90, 90] },
      { name: 'base_longitude', type: 'real', range: [-180, 180] },
      { name: 'capacite_min_jour', type: 'int', default: 480 },
      { name: 'actif', type: 'bool', default: 1 },
    ],
  },
  {
    name: 'dim_types_intervention',
    kind: 'dimension',
    doc: 'Intervention types, the skill each needs, standard duration and rate.',
    columns: [
      { name: 'type_intervention_id', type: 'int', pk: true },
      text('code', 32, { unique: true }),
      text('libelle', 120),
      { name: 'specialite_requise', type: 'text', maxLength: 20, values: SPECIALITES },
      { name: 'categorie', type: 'text', maxLength: 20, values: ['maintenance', 'depannage', 'installation', 'controle'] },
      { name: 'duree_standard_min', type: 'int' },
      { name: 'tarif_horaire', type: 'money' },
      { name: 'sous_contrat', type: 'bool', doc: 'covered by a maintenance contract (labour not invoiced)' },
    ],
  },
  {
    name: 'dim_clients',
    kind: 'dimension',
    doc: 'Clients (households and businesses) with location, contract state and churn score.',
    columns: [
      { name: 'client_id', type: 'int', pk: true },
      { ...sourceRef, nullable: true },
      text('nom', 120),
      text('prenom', 80, { nullable: true }),
      { name: 'type', type: 'text', maxLength: 16, values: CLIENT_TYPES },
      { name: 'segment', type: 'text', maxLength: 8, values: SEGMENTS },
      text('adresse', 200),
      text('code_postal', 10),
      text('ville', 80),
      { name: 'latitude', type: 'real', range: [-90, 90] },
      { name: 'longitude', type: 'real', range: [-180, 180] },
      ref('zone_id', 'dim_zones.zone_id'),
      { name: 'telephone', type: 'text', maxLength: 16, nullable: true, doc: 'E.164, for the SMS survey' },
      { name: 'email', type: 'text', maxLength: 160, nullable: true },
      { name: 'langue', type: 'text', maxLength: 2, values: LANGUES, default: "'fr'" },
      { name: 'date_premier_contrat', type: 'date', nullable: true },
      { name: 'contrat_actif', type: 'bool', default: 0 },
      { name: 'date_fin_contrat', type: 'date', nullable: true },
      { name: 'nb_interventions_total', type: 'int', default: 0 },
      { name: 'satisfaction_moyenne', type: 'real', nullable: true, range: [1, 5] },
      { name: 'risque_churn', type: 'text', maxLength: 6, values: CHURN_RISKS, nullable: true },
      { name: 'score_churn', type: 'real', nullable: true, range: [0, 1] },
      { name: 'sms_opt_out', type: 'bool', default: 0 },
    ],
    indexes: [{ columns: ['zone_id'] }, { columns: ['nom'] }],
  },
  // ───────────────────────────── facts ─────────────────────────────
  {
    name: 'fact_contrats',
    kind: 'fact',
    doc: 'Maintenance contract periods (one row per yearly period; a renewal is a new row).',
    columns: [
      id('contrat_id'),
      sourceRef,
      ref('client_id', 'dim_clients.client_id'),
      ref('date_id', 'dim_temps.date_id', true),
      { name: 'formule', type: 'text', maxLength: 12, values: ['Essentiel', 'Confort', 'Premium'] },
      { name: 'date_debut', type: 'date' },
      { name: 'date_fin', type: 'date' },
      { name: 'montant_annuel', type: 'money' },
      { name: 'statut', type: 'text', maxLength: 10, values: CONTRAT_STATUSES },
      { name: 'numero_renouvellement', type: 'int', default: 0, doc: '0 = first period' },
      ref('contrat_precedent_id', 'fact_contrats.contrat_id', true),
      { name: 'date_resiliation', type: 'date', nullable: true },
      text('motif_resiliation', 200, { nullable: true }),
    ],
    indexes: [{ columns: ['client_id'] }, { columns: ['date_fin'] }],
  },
  {
    name: 'fact_interventions',
    kind: 'fact',
    doc: 'Completed interventions (signed reports).',
    columns: [
      id('intervention_id'),
      sourceRef,
      ref('date_id', 'dim_temps.date_id'),
      ref('client_id', 'dim_clients.client_id'),
      ref('technicien_id', 'dim_techniciens.technicien_id'),
      ref('zone_id', 'dim_zones.zone_id'),
      ref('type_intervention_id', 'dim_types_intervention.type_intervention_id'),
      ref('contrat_id', 'fact_contrats.contrat_id', true),
      { name: 'date_demande', type: 'date', nullable: true, doc: 'when the client asked' },
      { name: 'date_echeance', type: 'date', nullable: true, doc: 'due date' },
      { name: 'heure_arrivee', type: 'datetime', nullable: true },
      { name: 'heure_depart', type: 'datetime', nullable: true },
      { name: 'duree_min', type: 'int', nullable: true },
      { name: 'duree_prevue_min', type: 'int' },
      { name: 'ecart_min', type: 'int', nullable: true, doc: 'duree_min − duree_prevue_min' },
      { name: 'km_parcourus', type: 'real', default: 0 },
      { name: 'km_plan_initial', type: 'real', nullable: true, doc: 'km of the unoptimised planned order (ROI)' },
      { name: 'pieces_remplacees', type: 'int', default: 0 },
      { name: 'montant_pieces', type: 'money', default: 0 },
      { name: 'montant_mo', type: 'money', default: 0 },
      { name: 'montant_total', type: 'money', default: 0 },
      { name: 'montant_depassement', type: 'money', default: 0, doc: 'overtime beyond the contract, to re-invoice' },
      { name: 'montant_refacture', type: 'money', default: 0, doc: 'overtime actually re-invoiced' },
      { name: 'satisfaction_note', type: 'int', nullable: true, range: [1, 5] },
      { name: 'conforme', type: 'bool', default: 1 },
      { name: 'resolu_premiere_visite', type: 'bool', default: 1 },
      { name: 'est_reclamation', type: 'bool', default: 0, doc: 'the client complained about it' },
      text('motif_reclamation', 200, { nullable: true }),
      { name: 'rapport_signe_at', type: 'datetime', nullable: true },
    ],
    indexes: [
      { columns: ['date_id'] },
      { columns: ['client_id'] },
      { columns: ['technicien_id', 'date_id'] },
    ],
  },
  {
    name: 'fact_devis',
    kind: 'fact',
    doc: 'Quotes: sent, signed, refused or expired.',
    columns: [
      id('devis_id'),
      sourceRef,
      ref('date_id', 'dim_temps.date_id'),
      ref('client_id', 'dim_clients.client_id'),
      ref('intervention_id', 'fact_interventions.intervention_id', true),
      ref('technicien_id', 'dim_techniciens.technicien_id', true),
      ref('type_intervention_id', 'dim_types_intervention.type_intervention_id', true),
      { name: 'date_emission', type: 'date' },
      { name: 'date_reponse', type: 'date', nullable: true },
      { name: 'statut', type: 'text', maxLength: 8, values: DEVIS_STATUSES },
      { name: 'montant_ht', type: 'money' },
      { name: 'montant_ttc', type: 'money' },
    ],
    indexes: [{ columns: ['date_id'] }, { columns: ['client_id'] }],
  },
  {
    name: 'fact_satisfaction',
    kind: 'fact',
    doc: 'Satisfaction surveys: the five answers, channel, sent/answered times.',
    columns: [
      id('satisfaction_id'),
      { ...sourceRef, nullable: true },
      { name: 'intervention_id', type: 'int', references: 'fact_interventions.intervention_id', unique: true, doc: 'one survey per intervention' },
      ref('client_id', 'dim_clients.client_id'),
      ref('technicien_id', 'dim_techniciens.technicien_id'),
      ref('date_id', 'dim_temps.date_id', true),
      { name: 'canal', type: 'text', maxLength: 6, values: SURVEY_CHANNELS },
      { name: 'statut', type: 'text', maxLength: 12, values: SURVEY_STATUSES },
      { name: 'envoye_at', type: 'datetime', nullable: true },
      { name: 'relance_at', type: 'datetime', nullable: true },
      { name: 'repondu_at', type: 'datetime', nullable: true },
      { name: 'nps', type: 'int', nullable: true, range: [0, 10] },
      { name: 'professionnel', type: 'bool', nullable: true },
      text('professionnel_commentaire', 500, { nullable: true }),
      { name: 'delai_respecte', type: 'bool', nullable: true },
      text('delai_commentaire', 500, { nullable: true }),
      { name: 'probleme_resolu', type: 'bool', nullable: true },
      text('probleme_commentaire', 500, { nullable: true }),
      text('suggestion', 500, { nullable: true }),
    ],
    indexes: [{ columns: ['client_id'] }, { columns: ['date_id'] }],
  },
  // ───────────────────────────── operations ─────────────────────────────
  {
    name: 'planned_interventions',
    kind: 'ops',
    doc: 'Interventions to do: to plan, planned (technician, day, order), done or cancelled.',
    columns: [
      id('planned_id'),
      sourceRef,
      ref('client_id', 'dim_clients.client_id'),
      ref('type_intervention_id', 'dim_types_intervention.type_intervention_id'),
      ref('zone_id', 'dim_zones.zone_id'),
      ref('technicien_id', 'dim_techniciens.technicien_id', true),
      { name: 'date_prevue', type: 'date', nullable: true },
      { name: 'ordre', type: 'int', nullable: true, doc: 'position in the technician’s day' },
      { name: 'fenetre_debut', type: 'text', maxLength: 5, nullable: true, doc: 'HH:MM appointment window start' },
      { name: 'fenetre_fin', type: 'text', maxLength: 5, nullable: true },
      { name: 'duree_prevue_min', type: 'int' },
      { name: 'date_demande', type: 'date' },
      { name: 'date_echeance', type: 'date', nullable: true },
      { name: 'urgence', type: 'text', maxLength: 8, values: URGENCES, default: "'normale'" },
      { name: 'statut', type: 'text', maxLength: 12, values: PLANNED_STATUSES },
      { name: 'origine', type: 'text', maxLength: 8, values: ['erp', 'portail', 'enquete', 'contrat'] },
      { name: 'gratuite', type: 'bool', default: 0, doc: 'free re-intervention' },
      text('notes', 500, { nullable: true }),
      { name: 'intervention_id', type: 'int', references: 'fact_interventions.intervention_id', nullable: true, doc: 'the fact row once done' },
    ],
    indexes: [{ columns: ['technicien_id', 'date_prevue'] }, { columns: ['statut'] }],
  },
  {
    name: 'portal_requests',
    kind: 'ops',
    doc: 'Appointment requests from the client portal.',
    columns: [
      id('request_id'),
      sourceRef,
      ref('client_id', 'dim_clients.client_id'),
      ref('type_intervention_id', 'dim_types_intervention.type_intervention_id', true),
      { name: 'date_demande', type: 'datetime' },
      { name: 'date_souhaitee', type: 'date', nullable: true },
      { name: 'creneau', type: 'text', maxLength: 12, values: ['matin', 'apres-midi', 'journee'], nullable: true },
      text('description', 500, { nullable: true }),
      { name: 'statut', type: 'text', maxLength: 10, values: PORTAL_STATUSES },
      { name: 'planned_id', type: 'int', references: 'planned_interventions.planned_id', nullable: true },
    ],
    indexes: [{ columns: ['statut'] }],
  },
  {
    name: 'mobile_events',
    kind: 'ops',
    doc: 'GPS check-in / check-out events from the technicians’ mobile app.',
    columns: [
      id('event_id'),
      sourceRef,
      ref('technicien_id', 'dim_techniciens.technicien_id'),
      text('intervention_ref', 64, { doc: 'source_ref of the intervention (planned or done)' }),
      { name: 'type', type: 'text', maxLength: 10, values: ['check_in', 'check_out'] },
      { name: 'at', type: 'datetime' },
      { name: 'latitude', type: 'real', nullable: true, range: [-90, 90] },
      { name: 'longitude', type: 'real', nullable: true, range: [-180, 180] },
    ],
    indexes: [{ columns: ['intervention_ref'] }],
  },
  {
    name: 'users',
    kind: 'ops',
    doc: 'People who talk to the bot and their role.',
    columns: [
      id('user_id'),
      text('email', 120, { unique: true }),
      { name: 'aad_object_id', type: 'text', maxLength: 64, nullable: true, unique: true },
      text('display_name', 120),
      { name: 'role', type: 'text', maxLength: 20, values: ROLES },
      ref('technicien_id', 'dim_techniciens.technicien_id', true),
      { name: 'langue', type: 'text', maxLength: 2, values: LANGUES, default: "'fr'" },
    ],
  },
  {
    name: 'conversation_refs',
    kind: 'ops',
    doc: 'Where the bot can post proactively: one row per conversation (from install and every message).',
    columns: [
      text('conversation_id', 200, { pk: true }),
      text('tenant_id', 64, { nullable: true }),
      text('service_url', 300),
      text('channel_id', 32),
      text('conversation_type', 20, { nullable: true }),
      text('bot_id', 200, { nullable: true }),
      text('user_aad_object_id', 64, { nullable: true }),
      text('user_email', 120, { nullable: true }),
      { name: 'reference', type: 'json', doc: 'the SDK conversation reference' },
      { name: 'updated_at', type: 'datetime' },
    ],
    indexes: [{ columns: ['user_aad_object_id'] }, { columns: ['user_email'] }],
  },
  {
    name: 'etl_batches',
    kind: 'ops',
    doc: 'One row per ETL load: what was read, loaded, rejected.',
    columns: [
      id('batch_id'),
      { name: 'source', type: 'text', maxLength: 8, values: ETL_SOURCES },
      text('file_name', 260),
      { name: 'format', type: 'text', maxLength: 4, values: ['csv', 'json'] },
      { name: 'started_at', type: 'datetime' },
      { name: 'finished_at', type: 'datetime', nullable: true },
      { name: 'rows_read', type: 'int', default: 0 },
      { name: 'rows_loaded', type: 'int', default: 0 },
      { name: 'rows_unchanged', type: 'int', default: 0 },
      { name: 'rows_rejected', type: 'int', default: 0 },
    ],
  },
  {
    name: 'etl_rejects',
    kind: 'ops',
    doc: 'Rows the ETL refused, with source, line and reason; nothing is lost.',
    columns: [
      id('reject_id'),
      ref('batch_id', 'etl_batches.batch_id'),
      { name: 'source', type: 'text', maxLength: 8, values: ETL_SOURCES },
      text('file_name', 260),
      { name: 'line', type: 'int', doc: '1-based line (CSV: file line; JSON: 1-based item index)' },
      text('reason', 2000),
      { name: 'raw', type: 'text', doc: 'the row as received' },
      { name: 'created_at', type: 'datetime' },
    ],
    indexes: [{ columns: ['batch_id'] }],
  },
];

export function table(name: string): Table {
  const t = TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`unknown table ${name}`);
  return t;
}
