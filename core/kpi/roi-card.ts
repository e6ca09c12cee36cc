/**
 * The ROI card (cards/kpi-roi.json): each saving the warehouse measures — tours, planner hours, retention — next to
 * its yearly target from the seed, with the assumptions and formulas in the footnote.
 */
import type { RoiCardData, Tile } from '../../cards/charts/types.ts';
import type { Lang } from '../conversation/types.ts';
import type { RoiReport } from './roi.ts';
import { MIN_GROUP } from './roi-retention.ts';
import { heading, nav, type ViewContext } from './view/common.ts';
import { eur, num, pct, round, rowsOf, signed, STATUS_COLOR, t, tile } from './view/format.ts';
import type { Status } from './goals.ts';

/** Goal colour of a saving against its target: reached, half-way, below. */
const vsStatus = (x: number | null): Status => (x === null ? 'neutral' : x >= 1 ? 'good' : x >= 0.5 ? 'warning' : 'attention');

const plain = (label: string, value: string, status: Status, trend: string, goal: string): Tile => ({ label, value, color: STATUS_COLOR[status], trend, goal });

/** Euros with a true minus sign in front ("−15 €", "−€15"). */
const money = (v: number, lang: Lang): string => (v < 0 ? `−${eur(-v, lang)}` : eur(v, lang));

/** "1 plan accepté", "3 plans acceptés". */
const count = (n: number, lang: Lang, one: string, many: string): string => `${num(n, lang)} ${n === 1 ? one : many}`;

/** "pas assez de données" and why, or the retention figure's words. */
export function retentionWords(r: RoiReport['retention'], lang: Lang): { value: string; detail: string } {
  const g = (n: number, kept: number, rate: number | null): string => (rate === null ? '0' : `${num(kept, lang)}/${num(n, lang)} (${pct(rate, lang)})`);
  const groups = t(
    lang,
    `gardés : ${g(r.acted.clients, r.acted.kept, r.acted.rate)} après une alerte traitée, ${g(r.notActed.clients, r.notActed.kept, r.notActed.rate)} sans suite`,
    `kept: ${g(r.acted.clients, r.acted.kept, r.acted.rate)} after an alert acted on, ${g(r.notActed.clients, r.notActed.kept, r.notActed.rate)} not acted on`,
  );
  switch (r.status) {
    case 'not_by_technician':
      return { value: t(lang, 'non applicable', 'not applicable'), detail: t(lang, 'mesurée par entreprise ou zone, pas par technicien', 'measured for the company or a zone, not per technician') };
    case 'not_enough_data':
      return {
        value: t(lang, 'pas assez de données', 'not enough data'),
        detail: `${groups} — ${t(lang, `il faut au moins ${MIN_GROUP} clients par groupe`, `at least ${MIN_GROUP} clients per group are needed`)}`,
      };
    case 'measured':
      return {
        value: money(round(r.eur ?? 0, 0), lang),
        detail: `${groups} → ${signed(round((r.uplift ?? 0) * 100, 0), lang)}\u00a0pts, ${t(lang, `${num(round(r.clientsKept ?? 0, 1), lang, 1)} clients gardés`, `${num(round(r.clientsKept ?? 0, 1), lang, 1)} clients kept`)}`,
      };
  }
}

export function roiCard(v: ViewContext, r: RoiReport): RoiCardData {
  const { lang } = v;
  const km = (x: number): string => `${num(round(x, 0), lang)}\u00a0km`;
  const hours = (x: number): string => {
    const digits = Math.abs(x) < 10 ? 1 : 0;
    const v = round(x, digits);
    return `${v < 0 ? '−' : ''}${num(Math.abs(v), lang, digits)}\u00a0h`;
  };
  const c = r.config;
  const yr = t(lang, '/an', '/yr');
  const target = (x: number): string => t(lang, `objectif ${eur(x, lang)}${yr}`, `target ${eur(x, lang)}${yr}`);
  const ofTarget = (x: number | null): string => (x === null ? '' : t(lang, `${pct(x, lang)} de l’objectif`, `${pct(x, lang)} of the target`));
  const py = r.planner.year;
  const pp = r.planner.period;
  const plans = (p: typeof py): string =>
    t(
      lang,
      `${count(p.acceptedPlans, lang, 'plan accepté', 'plans acceptés')} · ${count(p.jobsPlaced, lang, 'intervention placée', 'interventions placées')}`,
      `${count(p.acceptedPlans, lang, 'plan accepted', 'plans accepted')} · ${count(p.jobsPlaced, lang, 'job placed', 'jobs placed')}`,
    );
  const kept = retentionWords(r.retention, lang);
  const tiles = [
    tile(t(lang, 'Km économisés (période)', 'Km saved (period)'), km(r.period.km), {
      lang, status: r.period.km > 0 ? 'good' : 'neutral', trend: t(lang, `mesuré sur ${num(r.period.interventions, lang)} interventions`, `measured over ${num(r.period.interventions, lang)} interventions`),
    }),
    tile(t(lang, 'Km économisés (12 mois)', 'Km saved (12 months)'), km(r.year.km), {
      lang, status: r.year.km > 0 ? 'good' : 'neutral', trend: r.year.kmPlan > 0 ? t(lang, `−${pct(r.year.km / r.year.kmPlan, lang)} vs ordre prévu`, `−${pct(r.year.km / r.year.kmPlan, lang)} vs planned order`) : '',
    }),
    tile(t(lang, 'Gain véhicule (12 mois)', 'Vehicle saving (12 months)'), eur(round(r.year.vehicleEur, 0), lang), { lang, trend: t(lang, `estimé à ${eur(c.costPerKm, lang)}/km`, `estimated at ${eur(c.costPerKm, lang)}/km`) }),
    tile(t(lang, 'Temps de conduite évité (12 mois)', 'Driving time saved (12 months)'), hours(r.year.hours), {
      lang, trend: t(lang, `estimé : ${eur(round(r.year.timeEur, 0), lang)}`, `estimated: ${eur(round(r.year.timeEur, 0), lang)}`),
    }),
    plain(t(lang, 'Gains tournées (12 mois)', 'Tour savings (12 months)'), eur(round(r.year.totalEur, 0), lang), vsStatus(r.vsTarget.tours), ofTarget(r.vsTarget.tours), target(r.targets.zoning)),
    plain(t(lang, 'Heures de planification gagnées (période)', 'Planner hours saved (period)'), hours(pp.hours), pp.hours > 0 ? 'good' : 'neutral', plans(pp), ''),
    plain(t(lang, 'Gains planning (12 mois)', 'Planning savings (12 months)'), money(round(py.eur, 0), lang), vsStatus(r.vsTarget.planner), `${hours(py.hours)} · ${plans(py)}`, target(r.targets.planning)),
    plain(t(lang, 'Gains rétention (12 mois)', 'Retention savings (12 months)'), kept.value, vsStatus(r.vsTarget.retention), kept.detail, target(r.targets.retention)),
    plain(t(lang, 'Total des gains (12 mois)', 'Total savings (12 months)'), money(round(r.totalEur, 0), lang), vsStatus(r.vsTarget.total), ofTarget(r.vsTarget.total),
      target(r.targets.zoning + r.targets.planning + r.targets.retention)),
  ];
  const retentionBar = r.retention.eur === null ? [] : [{ x: t(lang, 'Rétention (mesuré)', 'Retention (measured)'), y: Math.max(0, round(r.retention.eur, 0)), color: 'good' as const }];
  const rt = r.retention;
  const lines: [string, number][] = [[t(lang, 'Tournées', 'Tours'), r.year.totalEur], ['Planning', py.eur], [t(lang, 'Rétention', 'Retention'), rt.eur ?? 0]];
  const negatives = lines.filter(([, v]) => round(v, 0) < 0);
  const survey = rt.alerts.survey === null ? t(lang, 'alertes satisfaction : table absente', 'satisfaction alerts: no table yet') : t(lang, `${num(rt.alerts.survey, lang)} après une enquête`, `${num(rt.alerts.survey, lang)} after a survey`);
  return {
    ...heading(v, t(lang, 'Gains du projet (ROI)', 'Project savings (ROI)')),
    tileRows: rowsOf(tiles),
    savings: {
      show: true,
      title: t(lang, 'Gains sur 12 mois et objectifs annuels (€)', 'Savings over 12 months and yearly targets (€)'),
      note: [
        rt.eur === null ? t(lang, `Rétention : ${kept.value}.`, `Retention: ${kept.value}.`) : '',
        ...negatives.map(([name, v]) => t(lang, `${name} : ${money(round(v, 0), lang)} (négatif, barre à 0).`, `${name}: ${money(round(v, 0), lang)} (negative, bar at 0).`)),
      ].filter(Boolean).join(' '),
      data: [
        { x: t(lang, 'Tournées (estimé)', 'Tours (estimated)'), y: Math.max(0, round(r.year.totalEur, 0)), color: 'good' },
        { x: t(lang, 'Objectif zonage', 'Zoning target'), y: r.targets.zoning, color: 'divergingGray' },
        { x: t(lang, 'Planning (mesuré)', 'Planning (measured)'), y: Math.max(0, round(py.eur, 0)), color: 'good' },
        { x: t(lang, 'Objectif planning', 'Planning target'), y: r.targets.planning, color: 'divergingGray' },
        ...retentionBar,
        { x: t(lang, 'Objectif rétention', 'Retention target'), y: r.targets.retention, color: 'divergingGray' },
      ],
    },
    targets: {
      show: true,
      title: t(lang, 'Chaque gain à côté de son objectif', 'Each saving next to its target'),
      note: '',
      facts: [
        {
          title: t(lang, `Zonage et tournées (${eur(r.targets.zoning, lang)}${yr})`, `Zoning and tours (${eur(r.targets.zoning, lang)}${yr})`),
          value: t(lang, `${km(r.year.km)} mesurés → ${eur(round(r.year.totalEur, 0), lang)} estimés`, `${km(r.year.km)} measured → ${eur(round(r.year.totalEur, 0), lang)} estimated`),
        },
        {
          title: t(lang, `Planning (${eur(r.targets.planning, lang)}${yr})`, `Planning (${eur(r.targets.planning, lang)}${yr})`),
          value: t(
            lang,
            `${plans(py)}, ${count(py.rejectedPlans, lang, 'refusé', 'refusés')} → ${hours(py.hours)} gagnées → ${money(round(py.eur, 0), lang)}`,
            `${plans(py)}, ${num(py.rejectedPlans, lang)} rejected → ${hours(py.hours)} saved → ${money(round(py.eur, 0), lang)}`,
          ),
        },
        {
          title: t(lang, `Rétention (${eur(r.targets.retention, lang)}${yr})`, `Retention (${eur(r.targets.retention, lang)}${yr})`),
          value: `${kept.value} — ${kept.detail} (${t(lang, `clients alertés : ${num(rt.alerts.churn, lang)} risque Élevé, ${survey}`, `clients alerted: ${num(rt.alerts.churn, lang)} high risk, ${survey}`)})`,
        },
      ],
    },
    footnote: t(
      lang,
      `Tournées : km économisés = km de l’ordre prévu − km parcourus (mesuré) ; € estimés à ${eur(c.costPerKm, lang)}/km, ${num(c.averageSpeedKmh, lang)} km/h, ${eur(c.technicianHourlyCost, lang)}/h de technicien. ` +
        `Planning : heures = (interventions placées par les plans acceptés × ${num(c.plannerMinutesPerJob, lang)} min − temps de décision de chaque plan accepté ou refusé, plafonné à ${num(c.plannerReviewMinutes, lang)} min) / 60, × ${eur(c.plannerHourlyCost, lang)}/h de planificatrice. ` +
        `Rétention : alertes des 12 mois (entrée en risque Élevé, enquête NPS bas ou non résolu) ; client gardé = contrat en cours ${num(c.retentionDays, lang)} jours après l’alerte (ou en fin de période) ; ` +
        `€ = (taux gardés après alerte traitée − taux gardés sans suite) × clients traités × contrat annuel moyen${rt.averageContract === null ? '' : ` (${eur(round(rt.averageContract, 0), lang)})`}, au moins ${MIN_GROUP} clients par groupe. ` +
        `Réglages : SAV_COST_PER_KM, SAV_AVERAGE_SPEED_KMH, SAV_TECHNICIAN_HOURLY_COST, SAV_PLANNER_MINUTES_PER_JOB, SAV_PLANNER_REVIEW_MINUTES, SAV_PLANNER_HOURLY_COST, SAV_RETENTION_DAYS.`,
      `Tours: km saved = km of the planned order − km driven (measured); € estimated at ${eur(c.costPerKm, lang)}/km, ${num(c.averageSpeedKmh, lang)} km/h, ${eur(c.technicianHourlyCost, lang)}/h per technician. ` +
        `Planning: hours = (jobs placed by accepted plans × ${num(c.plannerMinutesPerJob, lang)} min − deciding time of each plan accepted or rejected, capped at ${num(c.plannerReviewMinutes, lang)} min) / 60, × ${eur(c.plannerHourlyCost, lang)}/h of planner. ` +
        `Retention: alerts of the 12 months (entering high churn risk, survey with low NPS or unresolved); a client is kept when a contract runs ${num(c.retentionDays, lang)} days after the alert (or at the period's end); ` +
        `€ = (kept rate after an alert acted on − kept rate not acted on) × clients acted on × mean yearly contract${rt.averageContract === null ? '' : ` (${eur(round(rt.averageContract, 0), lang)})`}, at least ${MIN_GROUP} clients per group. ` +
        `Settings: SAV_COST_PER_KM, SAV_AVERAGE_SPEED_KMH, SAV_TECHNICIAN_HOURLY_COST, SAV_PLANNER_MINUTES_PER_JOB, SAV_PLANNER_REVIEW_MINUTES, SAV_PLANNER_HOURLY_COST, SAV_RETENTION_DAYS.`,
    ),
    nav: nav(v, 'finance', 'roi'),
  };
}
