/**
 * Synthetic churn datasets with the shapes of the two public ones used as held-out checks (which cannot be
 * downloaded here): Telco-like (customerID, text columns, TotalCharges with blanks, Churn Yes/No) and
 * bank-like (RowNumber, CustomerId, Surname, Geography, Age, Balance…, Exited 0/1), with a known, partly
 * non-linear signal. Also a small numeric dataset with a known signal for the unit tests. Seeded.
 */
import { matrixFromRows, type Labeled } from './matrix.ts';
import { Rng, sigmoid } from './rng.ts';

function pick<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r < 0) return v;
  }
  return items[items.length - 1]![0];
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Telco-like CSV text (21 columns, ~22 % churn); `truth` receives each row's true churn probability. */
export function telcoLikeCsv(n: number, seed: number, truth?: number[]): string {
  const rng = new Rng(seed);
  const header = [
    'customerID', 'gender', 'SeniorCitizen', 'Partner', 'Dependents', 'tenure', 'PhoneService', 'MultipleLines', 'InternetService',
    'OnlineSecurity', 'OnlineBackup', 'DeviceProtection', 'TechSupport', 'StreamingTV', 'StreamingMovies', 'Contract', 'PaperlessBilling',
    'PaymentMethod', 'MonthlyCharges', 'TotalCharges', 'Churn',
  ];
  const lines = [header.join(',')];
  const ids = new Set<string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (let r = 0; r < n; r++) {
    let id: string;
    do {
      id = `${String(rng.below(10000)).padStart(4, '0')}-${Array.from({ length: 5 }, () => letters[rng.below(26)]).join('')}`;
    } while (ids.has(id));
    ids.add(id);
    const senior = rng.next() < 0.16 ? 1 : 0;
    const partner = rng.next() < 0.48;
    const dependents = rng.next() < (partner ? 0.5 : 0.1);
    const tenure = rng.next() < 0.012 ? 0 : pick(rng, [[1 + rng.below(12), 35], [13 + rng.below(48), 45], [61 + rng.below(12), 20]] as const);
    const contract = pick(rng, [['Month-to-month', Math.max(5, 90 - tenure * 1.1)], ['One year', 20 + tenure * 0.2], ['Two year', 3 + tenure * 0.7]] as const);
    const phone = rng.next() < 0.9;
    const multi = phone ? (rng.next() < 0.42 ? 'Yes' : 'No') : 'No phone service';
    const internet = pick(rng, [['Fiber optic', 44], ['DSL', 34], ['No', 22]] as const);
    const addon = (p: number) => (internet === 'No' ? 'No internet service' : rng.next() < p ? 'Yes' : 'No');
    const security = addon(0.35);
    const backup = addon(0.44);
    const protection = addon(0.44);
    const support = addon(0.37);
    const tv = addon(0.5);
    const movies = addon(0.5);
    const paperless = rng.next() < 0.59;
    const payment = pick(rng, [['Electronic check', 34], ['Mailed check', 23], ['Bank transfer (automatic)', 22], ['Credit card (automatic)', 21]] as const);
    const yes = (s: string) => (s === 'Yes' ? 1 : 0);
    const monthly =
      (phone ? 20 : 0) + (multi === 'Yes' ? 5 : 0) + (internet === 'Fiber optic' ? 50 : internet === 'DSL' ? 28 : 0) +
      5 * (yes(security) + yes(backup) + yes(protection) + yes(support)) + 10 * (yes(tv) + yes(movies)) + rng.normal() * 3 + (phone || internet !== 'No' ? 0 : 20);
    const m = Math.max(18.25, Math.round(monthly * 100) / 100);
    const total = tenure === 0 ? ' ' : (Math.round(tenure * m * (0.95 + 0.1 * rng.next()) * 100) / 100).toFixed(2);
    const z =
      -0.3 + (contract === 'Month-to-month' ? 1.0 : contract === 'Two year' ? -1.3 : 0) - 0.75 * Math.log1p(tenure) + (internet === 'Fiber optic' ? 0.85 : internet === 'No' ? -0.7 : 0) +
      (payment === 'Electronic check' ? 0.45 : 0) + (paperless ? 0.35 : 0) + 0.3 * senior - 0.45 * yes(security) - 0.45 * yes(support) + 0.2 * (yes(tv) + yes(movies)) +
      (dependents ? -0.2 : 0) + 0.012 * (m - 65) + (tenure < 6 && internet === 'Fiber optic' ? 0.5 : 0);
    truth?.push(sigmoid(z));
    const churn = rng.next() < sigmoid(z) ? 'Yes' : 'No';
    const row = [
      id, rng.next() < 0.5 ? 'Male' : 'Female', senior, partner ? 'Yes' : 'No', dependents ? 'Yes' : 'No', tenure, phone ? 'Yes' : 'No', multi, internet,
      security, backup, protection, support, tv, movies, contract, paperless ? 'Yes' : 'No', payment, m.toFixed(2), total, churn,
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

const SYLLABLES = ['Mar', 'tin', 'Ber', 'nard', 'Du', 'bois', 'Tho', 'mas', 'Ro', 'bert', 'Ri', 'chard', 'Pe', 'tit', 'Leh', 'mann', 'Schmidt', 'Mül', 'ler', 'Gar', 'cia', 'Lo', 'pez', 'San', 'chez', 'Mo', 'reau', 'Lau', 'rent', 'Si', 'mon', 'Mi', 'chel', 'Le', 'fe', 'vre', 'Fon', 'taine', 'Rous', 'seau', 'Vin', 'cent', 'Che', 'va', 'lier', 'Ma', 'thieu'];

/** Bank-like CSV text (14 columns, ~21 % exited); `truth` receives each row's true probability. */
export function bankLikeCsv(n: number, seed: number, truth?: number[]): string {
  const rng = new Rng(seed);
  const header = ['RowNumber', 'CustomerId', 'Surname', 'CreditScore', 'Geography', 'Gender', 'Age', 'Tenure', 'Balance', 'NumOfProducts', 'HasCrCard', 'IsActiveMember', 'EstimatedSalary', 'Exited'];
  const lines = [header.join(',')];
  const ids = new Set<number>();
  for (let r = 1; r <= n; r++) {
    let id: number;
    do id = 15_565_000 + rng.below(250_000);
    while (ids.has(id));
    ids.add(id);
    const k = 1 + rng.below(3);
    const surname = Array.from({ length: k }, (_, i) => SYLLABLES[Math.min(SYLLABLES.length - 1, Math.floor(SYLLABLES.length * rng.next() ** (i === 0 ? 2 : 1)))]!).join('').toLowerCase().replace(/^./, (c) => c.toUpperCase());
    const credit = Math.round(Math.min(850, Math.max(350, 650 + 97 * rng.normal())));
    const geo = pick(rng, [['France', 50], ['Germany', 25], ['Spain', 25]] as const);
    const female = rng.next() < 0.45;
    const age = Math.round(Math.min(92, Math.max(18, Math.exp(3.62 + 0.25 * rng.normal()))));
    const tenure = rng.below(11);
    const balance = rng.next() < (geo === 'Germany' ? 0.02 : 0.48) ? 0 : Math.round(Math.max(3000, 119_000 + 30_000 * rng.normal()) * 100) / 100;
    const products = pick(rng, [[1, 51], [2, 46], [3, 2.7], [4, 0.6]] as const);
    const card = rng.next() < 0.7 ? 1 : 0;
    const active = rng.next() < 0.51 ? 1 : 0;
    const salary = Math.round((11 + rng.next() * 199_980) * 100) / 100;
    const ageEffect = age < 40 ? 0.03 * (age - 40) : age <= 60 ? 0.1 * (age - 40) : 2 - 0.08 * (age - 60);
    const z =
      -1.7 + ageEffect + (geo === 'Germany' ? 0.75 : 0) + (female ? 0.5 : 0) - 0.95 * active + (products === 1 ? 0.35 : products === 2 ? -1.3 : products === 3 ? 2.6 : 4.5) +
      (balance > 0 ? 0.25 : 0) - 0.0008 * (credit - 650) + (active === 0 && age > 50 ? 0.6 : 0);
    truth?.push(sigmoid(z));
    const exited = rng.next() < sigmoid(z) ? 1 : 0;
    lines.push([r, id, surname, credit, geo, female ? 'Female' : 'Male', age, tenure, balance, products, card, active, salary, exited].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * A small numeric dataset with a known signal: y ~ Bernoulli(σ(2·x0 − 1.5·x1 + x2·x3)), x4..x5 pure noise,
 * ~5 % of x1 missing (NaN). Returns the true probabilities too.
 */
export function knownSignal(n: number, seed: number): Labeled & { truth: Float64Array } {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y = new Uint8Array(n);
  const truth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 6 }, () => rng.normal());
    truth[i] = sigmoid(2 * x[0]! - 1.5 * x[1]! + x[2]! * x[3]!);
    y[i] = rng.next() < truth[i]! ? 1 : 0;
    if (rng.next() < 0.05) x[1] = NaN;
    rows.push(x);
  }
  return { X: matrixFromRows(rows, 6), y, truth, features: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'] };
}
