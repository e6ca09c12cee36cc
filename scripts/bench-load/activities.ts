/**
 * Pure builders of the load benchmark: the Activities Teams would POST to /api/messages (unique ids, one
 * conversation per simulated client, `from` mapped to a known demo user), the Twilio SMS webhook form, and
 * which user / text each closed-loop connection sends. No I/O here (tested in activities.spec.ts).
 */

export const TENANT_ID = 'tenant-duret-bench';
export const BOT = { id: '28:sav-bot', name: 'SAV Assistant' } as const;

/** The demo's users (core/warehouse/demo/people.ts): login, role, and a stable fake Teams identity. */
export interface BenchUser {
  email: string;
  role: 'planning' | 'direction' | 'technical_director' | 'technician';
  name: string;
}

export const DEMO_USERS: readonly BenchUser[] = [
  { email: 'clothilde.martin@duret-electricite.fr', role: 'planning', name: 'Clothilde Martin' },
  { email: 'marc.duret@duret-electricite.fr', role: 'direction', name: 'Marc Duret' },
  { email: 'philippe.rey@duret-electricite.fr', role: 'technical_director', name: 'Philippe Rey' },
  { email: 'gaetan.morel@duret-electricite.fr', role: 'technician', name: 'Gaëtan Morel' },
  { email: 'julien.favre@duret-electricite.fr', role: 'technician', name: 'Julien Favre' },
  { email: 'karim.benali@duret-electricite.fr', role: 'technician', name: 'Karim Benali' },
  { email: 'lucas.perrin@duret-electricite.fr', role: 'technician', name: 'Lucas Perrin' },
  { email: 'thomas.girard@duret-electricite.fr', role: 'technician', name: 'Thomas Girard' },
];

/** The office staff: they may see the KPIs, the churn list and any technician's route. */
export const STAFF_USERS: readonly BenchUser[] = DEMO_USERS.filter((u) => u.role !== 'technician');

export type ScenarioName = 'echo' | 'simple' | 'route' | 'sms';

/** What each scenario's connections say, in turn (a connection cycles through its list). */
export const SCENARIO_TEXTS: Record<Exclude<ScenarioName, 'sms'>, readonly string[]> = {
  // the echo bot gets the same bodies as the simple questions: same sizes, same parsing work
  echo: ['aide', 'NPS du mois', 'clients à risque'],
  simple: ['aide', 'NPS du mois', 'clients à risque'],
  route: ['route for Gaëtan today'],
};

/** A stable 36-char GUID-shaped id from a string (Teams AAD object ids look like this). */
export function fakeAadObjectId(seed: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The Teams `from` of a demo user: a 29: id and AAD object id derived from the login (stable across runs). */
export function teamsFrom(user: BenchUser): { id: string; aadObjectId: string; name: string } {
  const aadObjectId = fakeAadObjectId(user.email);
  return { id: `29:bench-${aadObjectId}`, aadObjectId, name: user.name };
}

/** One closed-loop connection: who talks, in which conversation, saying what. */
export interface ConnectionPlan {
  index: number;
  user: BenchUser;
  conversationId: string;
  texts: readonly string[];
}

/**
 * The connections of a scenario: connection k is user `users[k % users.length]` in its own personal
 * conversation (`a:bench-<scenario>-<login>-<k>`), so one request at most is in flight per conversation and a
 * reply at the channel belongs to the latest request of that conversation.
 */
export function connectionPlans(scenario: Exclude<ScenarioName, 'sms'>, connections: number, users: readonly BenchUser[]): ConnectionPlan[] {
  if (!Number.isInteger(connections) || connections < 1) throw new Error(`connections must be a positive integer, got ${connections}`);
  if (users.length === 0) throw new Error('at least one user is needed');
  const texts = SCENARIO_TEXTS[scenario];
  return Array.from({ length: connections }, (_, index) => {
    const user = users[index % users.length]!;
    const login = user.email.split('@')[0]!;
    // each connection starts at a different text, so the mix is even at any moment
    const rotated = [...texts.slice(index % texts.length), ...texts.slice(0, index % texts.length)];
    return { index, user, conversationId: `a:bench-${scenario}-${login}-${index}`, texts: rotated };
  });
}

export interface MessageInput {
  id: string;
  text: string;
  conversationId: string;
  user: BenchUser;
  serviceUrl: string;
  timestamp: Date;
}

/** A Teams personal-chat message Activity, shaped like the ones Teams POSTs (test/e2e/helpers.ts does the same). */
export function messageActivity(input: MessageInput): Record<string, unknown> {
  return {
    type: 'message',
    id: input.id,
    timestamp: input.timestamp.toISOString(),
    localTimestamp: input.timestamp.toISOString(),
    channelId: 'msteams',
    serviceUrl: input.serviceUrl,
    from: teamsFrom(input.user),
    recipient: BOT,
    conversation: { id: input.conversationId, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: 'fr-FR',
    text: input.text,
    textFormat: 'plain',
  };
}

/** A unique, sortable activity id: scenario, connection, sequence (Teams ids are opaque strings). */
export function activityId(scenario: string, connection: number, seq: number): string {
  return `bench-${scenario}-${connection}-${seq}`;
}

/** The fields Twilio POSTs (form-urlencoded) for an incoming SMS. */
export function twilioSmsParams(input: { messageSid: string; from: string; to: string; body: string; accountSid: string }): Record<string, string> {
  return {
    ToCountry: 'FR',
    ToState: '',
    SmsMessageSid: input.messageSid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: input.messageSid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: input.body,
    FromCountry: 'FR',
    To: input.to,
    ToZip: '',
    NumSegments: '1',
    MessageSid: input.messageSid,
    AccountSid: input.accountSid,
    From: input.from,
    ApiVersion: '2010-04-01',
  };
}

/** A 34-char Twilio-shaped SID (prefix + 32 hex) from a number. */
export function twilioSid(prefix: 'SM' | 'AC', n: number): string {
  return prefix + n.toString(16).padStart(32, '0').slice(-32);
}

export function formEncode(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}
