/** The ROI card: what the tours saved (measured km, estimated €), next to the seed's yearly targets. */
import type { RoiCardData } from '../../../cards/charts/types.ts';
import type { RoiReport } from '../roi.ts';
import { heading, nav, type ViewContext } from './common.ts';
import { eur, num, pct, round, rowsOf, t, tile } from './format.ts';

export function roiCard(v: ViewContext, r: RoiReport): RoiCardData {
  const { lang } = v;
  const km = (x: number): string => `${num(round(x, 0), lang)}\u00a0km`;
  const c = r.config;
  const tiles = [
    tile(t(lang, 'Km économisés (période)', 'Km saved (period)'), km(r.period.km), {
      lang, status: r.period.km > 0 ? 'good' : 'neutral', trend: t(lang, `mesuré sur ${num(r.period.interventions, lang)} interventions`, `measured over ${num(r.period.interventions, lang)} interventions`),
    }),
    tile(t(lang, 'Km économisés (12 mois)', 'Km saved (12 months)'), km(r.year.km), {
      lang, status: r.year.km > 0 ? 'good' : 'neutral', trend: r.year.kmPlan > 0 ? t(lang, `−${pct(r.year.km / r.year.kmPlan, lang)} vs ordre prévu`, `−${pct(r.year.km / r.year.kmPlan, lang)} vs planned order`) : '',
    }),
    tile(t(lang, 'Gain véhicule (12 mois)', 'Vehicle saving (12 months)'), eur(round(r.year.vehicleEur, 0), lang), { lang, trend: t(lang, `estimé à ${eur(c.costPerKm, lang)}/km`, `estimated at ${eur(c.costPerKm, lang)}/km`) }),
    tile(t(lang, 'Temps de conduite évité (12 mois)', 'Driving time saved (12 months)'), `${num(round(r.year.hours, 0), lang)}\u00a0h`, {
      lang, trend: t(lang, `estimé : ${eur(round(r.year.timeEur, 0), lang)}`, `estimated: ${eur(round(r.year.timeEur, 0), lang)}`),
    }),
    tile(t(lang, 'Gains tournées (12 mois)', 'Tour savings (12 months)'), eur(round(r.year.totalEur, 0), lang), {
      lang, status: r.toursVsTarget >= 1 ? 'good' : r.toursVsTarget >= 0.5 ? 'warning' : 'attention',
      trend: t(lang, `${pct(r.toursVsTarget, lang)} de l’objectif zonage + planning`, `${pct(r.toursVsTarget, lang)} of the zoning + planning target`),
    }),
  ];
  const notYet = t(lang, 'pas encore mesurable', 'not measurable yet');
  return {
    ...heading(v, t(lang, 'Gains du projet (ROI)', 'Project savings (ROI)')),
    tileRows: rowsOf(tiles),
    savings: {
      show: true, title: t(lang, 'Gains sur 12 mois et objectifs annuels (€)', 'Savings over 12 months and yearly targets (€)'), note: '',
      data: [
        { x: t(lang, 'Tournées optimisées (estimé)', 'Optimised tours (estimated)'), y: round(r.year.totalEur, 0), color: 'good' },
        { x: t(lang, 'Objectif zonage', 'Zoning target'), y: r.targets.zoning, color: 'divergingGray' },
        { x: t(lang, 'Objectif planning', 'Planning target'), y: r.targets.planning, color: 'divergingGray' },
        { x: t(lang, 'Objectif rétention', 'Retention target'), y: r.targets.retention, color: 'divergingGray' },
      ],
    },
    targets: {
      show: true, title: t(lang, 'Ce qui est mesuré, estimé ou pas encore', 'What is measured, estimated or not yet'), note: '',
      facts: [
        { title: t(lang, `Zonage et tournées (${eur(r.targets.zoning, lang)}/an)`, `Zoning and tours (${eur(r.targets.zoning, lang)}/yr)`), value: t(lang, `${km(r.year.km)} mesurés → ${eur(round(r.year.totalEur, 0), lang)} estimés`, `${km(r.year.km)} measured → ${eur(round(r.year.totalEur, 0), lang)} estimated`) },
        { title: t(lang, `Planning (${eur(r.targets.planning, lang)}/an)`, `Planning (${eur(r.targets.planning, lang)}/yr)`), value: t(lang, `heures de planification gagnées : ${notYet} (plans acceptés non enregistrés)`, `planner hours saved: ${notYet} (accepted plans not recorded)`) },
        { title: t(lang, `Rétention (${eur(r.targets.retention, lang)}/an)`, `Retention (${eur(r.targets.retention, lang)}/yr)`), value: t(lang, `clients gardés après une alerte traitée : ${notYet} (suivi des alertes non enregistré)`, `clients kept after an alert was acted on: ${notYet} (alert follow-up not recorded)`) },
      ],
    },
    footnote: t(
      lang,
      `Mesuré : km économisés = km de l’ordre prévu − km parcourus. Estimé : ${eur(c.costPerKm, lang)}/km, ${num(c.averageSpeedKmh, lang)} km/h de moyenne, ${eur(c.technicianHourlyCost, lang)}/h de technicien (SAV_COST_PER_KM, SAV_AVERAGE_SPEED_KMH, SAV_TECHNICIAN_HOURLY_COST).`,
      `Measured: km saved = km of the planned order − km driven. Estimated: ${eur(c.costPerKm, lang)}/km, ${num(c.averageSpeedKmh, lang)} km/h on average, ${eur(c.technicianHourlyCost, lang)}/h per technician (SAV_COST_PER_KM, SAV_AVERAGE_SPEED_KMH, SAV_TECHNICIAN_HOURLY_COST).`,
    ),
    nav: nav(v, 'finance', 'roi'),
  };
}
