import { renderCard, type RouteCardData } from '../../../cards/index.ts';
import { authorize } from '../../access/policy.ts';
import type { User } from '../../access/types.ts';
import { isoWeekOf, KM_GOAL_PCT, kmWeek, type KmWeek } from '../../planning/km-week.ts';
import { navigationLinks, type NavigationLink } from '../../planning/navigation.ts';
import { nextRouteDay, optimisedDayRoute, routeSettingsFromEnv, type OptimisedRoute, type RouteSettings } from '../../planning/tournee.ts';
import { addDaysIso } from '../../warehouse/calendar.ts';
import type { Db } from '../../warehouse/db.ts';
import { formatDay, formatKm, formatMinutes, formatWindow, t } from '../format.ts';
import { loadTechnicians } from '../names.ts';
import type { Lang, Reply } from '../types.ts';
import { messageReply, refusalReply, type AnswerContext } from './common.ts';

/** The directions links of the day, in the order shown (split at Google's 9 waypoints on a phone). */
export function routeLinks(route: OptimisedRoute): NavigationLink[] {
  return navigationLinks(route.planned.technicien.base, route.stops.map((s) => s.client));
}

const pct = (x: number, lang: Lang): string => `${x < 0 ? '−' : '+'}${Math.abs(Math.round(x))}${lang === 'fr' ? ' %' : '%'}`;

/** "2,1 km économisés sur l’ordre prévu (14,4 km, −15 %)", or why nothing changed; null on a done day. */
function savingsLine(route: OptimisedRoute, lang: Lang): string | null {
  if (route.method === 'done') return null;
  if (!route.plannedFeasible && route.kmSaved < 0) {
    return t(lang, `L’ordre prévu ne tient pas tous les créneaux : ordre corrigé, ${formatKm(-route.kmSaved, lang)} de plus.`, `The planned order misses an appointment window: order fixed, ${formatKm(-route.kmSaved, lang)} more.`);
  }
  if (route.kmSaved <= 0) return t(lang, 'L’ordre prévu est déjà le plus court.', 'The planned order is already the shortest.');
  const share = route.kmPlanned > 0 ? ` (${formatKm(route.kmPlanned, lang)}, ${pct((-route.kmSaved / route.kmPlanned) * 100, lang)})` : '';
  return t(lang, `Ordre optimisé : ${formatKm(route.kmSaved, lang)} économisés sur l’ordre prévu${share}.`, `Optimised order: ${formatKm(route.kmSaved, lang)} saved on the planned order${share}.`);
}

/** "Cette semaine : 182 km, −18 % vs plan (objectif −20 %)" — the route's week, else the week before; null without data. */
function weekLine(db: Db, route: OptimisedRoute, lang: Lang): string | null {
  const id = route.planned.technicien.id;
  let label = t(lang, 'Cette semaine', 'This week');
  let week: KmWeek = kmWeek(db, id, isoWeekOf(route.planned.date));
  if (week.interventions === 0) {
    label = t(lang, 'Semaine précédente', 'Previous week');
    week = kmWeek(db, id, isoWeekOf(addDaysIso(route.planned.date, -7)));
  }
  if (week.interventions === 0) return null;
  const vsPlan = week.deltaPct === null ? '' : `, ${pct(week.deltaPct, lang)} vs plan (${t(lang, 'objectif', 'goal')} ${pct(KM_GOAL_PCT, lang)})`;
  return `${label}${t(lang, ' :', ':')} ${formatKm(week.km, lang)}${vsPlan}.`;
}

function routeTitle(route: OptimisedRoute, lang: Lang): string {
  const name = route.planned.technicien.name;
  return route.method === 'done' ? t(lang, `Tournée réalisée de ${name}`, `Route done by ${name}`) : t(lang, `Tournée de ${name}`, `Route of ${name}`);
}

const stopsWord = (n: number, lang: Lang) => t(lang, `intervention${n > 1 ? 's' : ''}`, `stop${n > 1 ? 's' : ''}`);

function workLabel(route: OptimisedRoute, lang: Lang): string {
  return route.method === 'done' ? t(lang, 'Travail', 'Work') : t(lang, 'Travail prévu', 'Planned work');
}

function linkTitle(link: NavigationLink, index: number, count: number, lang: Lang): string {
  if (count === 1) return t(lang, 'Itinéraire (Google Maps)', 'Directions (Google Maps)');
  const part = `${index + 1}/${count}`;
  if (link.from === link.to && index === count - 1) return t(lang, `Itinéraire ${part} : retour à la base`, `Directions ${part}: back to base`);
  return t(lang, `Itinéraire ${part} : arrêts ${link.from}–${link.to}`, `Directions ${part}: stops ${link.from}–${link.to}`);
}

/** What the text and the card share: the directions links and the two summary lines. */
interface RouteExtras {
  links: NavigationLink[];
  savings: string | null;
  week: string | null;
}

function routeText(route: OptimisedRoute, { links, savings, week }: RouteExtras, lang: Lang, year: number): string {
  const n = route.stops.length;
  const drive = route.method === 'done' ? '' : `, ${formatMinutes(Math.round(route.driveMin), lang)} ${t(lang, 'de route', 'driving')}`;
  const head = `${routeTitle(route, lang)} — ${formatDay(route.planned.date, lang, year)}${t(lang, ' :', ':')} ${n} ${stopsWord(n, lang)}, ${formatKm(route.kmTotal, lang)}${drive}.`;
  const lines = route.stops.map((s, i) => {
    const time = s.start && s.departure ? `${s.start}–${s.departure} · ` : '';
    const window = route.method === 'done' || !s.fenetre ? formatWindow(s.fenetre, lang) : `${t(lang, 'créneau', 'window')} ${formatWindow(s.fenetre, lang)}`;
    return `${i + 1}. ${time}${window} · ${s.client.name} — ${s.client.adresse}, ${s.client.codePostal} ${s.client.ville} · ${s.type.libelle} · ${formatMinutes(s.dureeMin, lang)} · ${formatKm(s.kmFromPrevious, lang)}`;
  });
  const back = route.back && route.method !== 'done' ? ` (${route.back})` : '';
  const foot = t(
    lang,
    `Retour à la base : ${formatKm(route.kmReturn, lang)}${back} · Total : ${formatKm(route.kmTotal, lang)} · ${workLabel(route, lang)} : ${formatMinutes(route.planned.workMin, lang)}`,
    `Back to base: ${formatKm(route.kmReturn, lang)}${back} · Total: ${formatKm(route.kmTotal, lang)} · ${workLabel(route, lang)}: ${formatMinutes(route.planned.workMin, lang)}`,
  );
  const unfitted = route.unfitted.map((u) => `${t(lang, 'Ne tient pas', 'Does not fit')}${t(lang, ' :', ':')} ${u.client.name} — ${u.message}`);
  const nav = links.map((l, i) => `${linkTitle(l, i, links.length, lang)}${t(lang, ' :', ':')} ${l.url}`);
  return [head, ...(savings ? [savings] : []), ...lines, foot, ...unfitted, ...(week ? [week] : []), ...nav].join('\n');
}

function routeCard(route: OptimisedRoute, { links, savings, week }: RouteExtras, lang: Lang, year: number) {
  const n = route.stops.length;
  const done = route.method === 'done';
  const drive = done ? '' : ` · ${formatMinutes(Math.round(route.driveMin), lang)} ${t(lang, 'de route', 'driving')}`;
  const [first, ...more] = links;
  const data: RouteCardData = {
    title: routeTitle(route, lang),
    subtitle: `${formatDay(route.planned.date, lang, year)} · ${n} ${stopsWord(n, lang)} · ${formatKm(route.kmTotal, lang)}${drive}`,
    technicienId: route.planned.technicien.id,
    date: route.planned.date,
    ...(savings ? { savings } : {}),
    stops: route.stops.map((s, i) => ({
      ordre: String(i + 1),
      client: s.client.name,
      adresse: `${s.client.adresse}, ${s.client.codePostal} ${s.client.ville}`,
      fenetre: formatWindow(s.fenetre, lang),
      type: s.type.libelle,
      duree: formatMinutes(s.dureeMin, lang),
      km: formatKm(s.kmFromPrevious, lang),
      ...(s.start && s.departure ? { horaire: `${s.start}–${s.departure}` } : {}),
      ...(!done && s.ordre !== null && s.ordre !== i + 1 ? { moved: t(lang, `n° ${s.ordre}`, `#${s.ordre}`) } : {}),
    })),
    ...(route.unfitted.length > 0 ? { unfitted: route.unfitted.map((u) => ({ client: u.client.name, reason: u.message })) } : {}),
    kmReturn: formatKm(route.kmReturn, lang),
    kmTotal: formatKm(route.kmTotal, lang),
    ...(done ? {} : { drive: formatMinutes(Math.round(route.driveMin), lang) }),
    ...(route.back && !done ? { back: route.back } : {}),
    work: formatMinutes(route.planned.workMin, lang),
    ...(week ? { week } : {}),
    mapsUrl: first!.url,
    ...(more.length > 0 ? { moreLinks: more.map((l, i) => ({ title: linkTitle(l, i + 1, links.length, lang), url: l.url })) } : {}),
    labels: {
      window: t(lang, 'Créneau', 'Window'),
      type: t(lang, 'Type', 'Type'),
      duration: done ? t(lang, 'Durée', 'Time on site') : t(lang, 'Durée prévue', 'Planned time'),
      km: t(lang, 'Depuis l’arrêt précédent', 'From previous stop'),
      return: t(lang, 'Retour à la base', 'Back to base'),
      total: t(lang, 'Total', 'Total'),
      work: workLabel(route, lang),
      refresh: t(lang, 'Actualiser', 'Refresh'),
      maps: linkTitle(first!, 0, links.length, lang),
      schedule: t(lang, 'Sur place', 'On site'),
      moved: t(lang, 'Ordre prévu', 'Planned as'),
      unfitted: t(lang, 'Ne tiennent pas dans la journée', 'Do not fit in the day'),
      drive: t(lang, 'Conduite', 'Driving'),
      back: t(lang, 'Arrivée à la base', 'Back at base at'),
    },
  };
  return renderCard('route', data);
}

export interface RouteReplyOptions {
  /** default: routeSettingsFromEnv() (ROAD_FACTOR, ROUTE_SPEED_KMH, ROUTE_DAY_START, ROUTE_DAY_END) */
  settings?: RouteSettings;
}

/**
 * The route reply for one technician and day, after the access check: the stops in the optimised order with
 * their times, the km saved on the planned order, the stops that do not fit, the week's km against the goal
 * and the directions links — or, for a day already done, the stops as done; or a friendly sentence with the
 * next day that has stops.
 */
export function routeReply(db: Db, user: User, technicienId: number, date: string, lang: Lang, options: RouteReplyOptions = {}): Reply {
  const decision = authorize(user, { kind: 'route', technicienId });
  if (!decision.allowed) return refusalReply(decision, lang);
  const exists = db.prepare('SELECT 1 FROM dim_techniciens WHERE technicien_id = ?').get(technicienId);
  if (!exists) return messageReply(t(lang, `Je ne connais pas le technicien n° ${technicienId}.`, `I do not know technician #${technicienId}.`), { color: 'Attention' });
  const route = optimisedDayRoute(db, technicienId, date, options.settings ?? routeSettingsFromEnv());
  const year = Number(date.slice(0, 4));
  if (route.stops.length + route.unfitted.length > 0) {
    const extras: RouteExtras = { links: routeLinks(route), savings: savingsLine(route, lang), week: weekLine(db, route, lang) };
    return { text: routeText(route, extras, lang, year), card: routeCard(route, extras, lang, year) };
  }

  const day = formatDay(date, lang, year);
  const next = nextRouteDay(db, technicienId, date);
  const own = user.technicienId === technicienId;
  const name = route.planned.technicien.name;
  let text = own
    ? t(lang, `Aucune intervention prévue pour vous le ${day}.`, `You have no stop planned on ${day}.`)
    : t(lang, `Aucune intervention prévue pour ${name} le ${day}.`, `${name} has no stop planned on ${day}.`);
  if (!next) {
    text += t(lang, ' Rien n’est planifié ensuite pour le moment.', ' Nothing is planned after that yet.');
    return messageReply(text);
  }
  const nextDay = formatDay(next.date, lang, year);
  text += t(
    lang,
    ` Prochaine tournée : ${nextDay} (${next.stops} intervention${next.stops > 1 ? 's' : ''}).`,
    ` Next route: ${nextDay} (${next.stops} stop${next.stops > 1 ? 's' : ''}).`,
  );
  return messageReply(text, { actions: [{ title: t(lang, `Voir le ${nextDay}`, `Show ${nextDay}`), verb: 'route.refresh', data: { technicienId, date: next.date } }] });
}

/** "De quel technicien ?" with one button per technician, for a planner who did not name one. */
export function whichTechnicianReply(ctx: AnswerContext, date: string, candidates?: { id: number; name: string }[]): Reply {
  const techs = candidates && candidates.length > 0 ? candidates : loadTechnicians(ctx.db).map((x) => ({ id: x.id, name: x.name }));
  const names = techs.map((x) => x.name);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${t(ctx.lang, 'ou', 'or')} ${names.at(-1)}` : (names[0] ?? '');
  const text = t(ctx.lang, `De quel technicien ? ${list}.`, `Which technician? ${list}.`);
  return messageReply(text, { actions: techs.map((x) => ({ title: x.name, verb: 'route.refresh', data: { technicienId: x.id, date } })) });
}

/** `route`: the day's stops of the named technician (or the asking technician), in the optimised order. */
export function answerRoute(ctx: AnswerContext, candidates: { id: number; name: string }[] = []): Reply {
  const date = ctx.entities.date ?? ctx.today;
  const tech = ctx.entities.technician;
  if (!tech) return whichTechnicianReply(ctx, date, candidates);
  return routeReply(ctx.db, ctx.user, tech.id, date, ctx.lang);
}
