import { renderCard } from '../../../cards/index.ts';
import { authorize } from '../../access/policy.ts';
import type { User } from '../../access/types.ts';
import { dayRoute, nextRouteDay, type DayRoute } from '../../planning/tournee.ts';
import type { Db } from '../../warehouse/db.ts';
import { formatDay, formatKm, formatMinutes, formatWindow, t } from '../format.ts';
import { loadTechnicians } from '../names.ts';
import type { Lang, Reply } from '../types.ts';
import { messageReply, refusalReply, type AnswerContext } from './common.ts';

/** Google Maps directions: base → stops → base (Google takes at most 9 waypoints). */
export function mapsUrl(route: DayRoute): string {
  const p = (x: { lat: number; lon: number }) => `${x.lat.toFixed(5)},${x.lon.toFixed(5)}`;
  const params = new URLSearchParams({ api: '1', origin: p(route.technicien.base), destination: p(route.technicien.base), travelmode: 'driving' });
  const waypoints = route.stops.slice(0, 9).map((s) => p(s.client));
  if (waypoints.length > 0) params.set('waypoints', waypoints.join('|'));
  return `https://www.google.com/maps/dir/?${params.toString()}`;
}

function routeText(route: DayRoute, lang: Lang, year: number): string {
  const day = formatDay(route.date, lang, year);
  const n = route.stops.length;
  const head = `${routeTitle(route, lang)} — ${day}${t(lang, ' :', ':')} ${n} ${t(lang, `intervention${n > 1 ? 's' : ''}`, `stop${n > 1 ? 's' : ''}`)}, ${formatKm(route.kmTotal, lang)}.`;
  const lines = route.stops.map(
    (s, i) =>
      `${s.ordre ?? i + 1}. ${formatWindow(s.fenetre, lang)} · ${s.client.name} — ${s.client.adresse}, ${s.client.codePostal} ${s.client.ville} · ` +
      `${s.type.libelle} · ${formatMinutes(s.dureeMin, lang)} · ${formatKm(s.kmFromPrevious, lang)}`,
  );
  const foot = t(
    lang,
    `Retour à la base : ${formatKm(route.kmReturn, lang)} · Total : ${formatKm(route.kmTotal, lang)} · ${route.done ? 'Travail' : 'Travail prévu'} : ${formatMinutes(route.workMin, lang)}`,
    `Back to base: ${formatKm(route.kmReturn, lang)} · Total: ${formatKm(route.kmTotal, lang)} · ${route.done ? 'Work' : 'Planned work'}: ${formatMinutes(route.workMin, lang)}`,
  );
  return [head, ...lines, foot].join('\n');
}

function routeTitle(route: DayRoute, lang: Lang): string {
  return route.done
    ? t(lang, `Tournée réalisée de ${route.technicien.name}`, `Route done by ${route.technicien.name}`)
    : t(lang, `Tournée de ${route.technicien.name}`, `Route of ${route.technicien.name}`);
}

function routeCard(route: DayRoute, lang: Lang, year: number) {
  const n = route.stops.length;
  return renderCard('route', {
    title: routeTitle(route, lang),
    subtitle: `${formatDay(route.date, lang, year)} · ${t(lang, `${n} intervention${n > 1 ? 's' : ''}`, `${n} stop${n > 1 ? 's' : ''}`)} · ${formatKm(route.kmTotal, lang)}`,
    technicienId: route.technicien.id,
    date: route.date,
    stops: route.stops.map((s, i) => ({
      ordre: String(s.ordre ?? i + 1),
      client: s.client.name,
      adresse: `${s.client.adresse}, ${s.client.codePostal} ${s.client.ville}`,
      fenetre: formatWindow(s.fenetre, lang),
      type: s.type.libelle,
      duree: formatMinutes(s.dureeMin, lang),
      km: formatKm(s.kmFromPrevious, lang),
    })),
    kmReturn: formatKm(route.kmReturn, lang),
    kmTotal: formatKm(route.kmTotal, lang),
    work: formatMinutes(route.workMin, lang),
    mapsUrl: mapsUrl(route),
    labels: {
      window: t(lang, 'Créneau', 'Window'),
      type: t(lang, 'Type', 'Type'),
      duration: route.done ? t(lang, 'Durée', 'Time on site') : t(lang, 'Durée prévue', 'Planned time'),
      km: t(lang, 'Depuis l’arrêt précédent', 'From previous stop'),
      return: t(lang, 'Retour à la base', 'Back to base'),
      total: t(lang, 'Total', 'Total'),
      work: route.done ? t(lang, 'Travail', 'Work') : t(lang, 'Travail prévu', 'Planned work'),
      refresh: t(lang, 'Actualiser', 'Refresh'),
      maps: t(lang, 'Itinéraire (Google Maps)', 'Directions (Google Maps)'),
    },
  });
}

/**
 * The route reply for one technician and day, after the access check: the stops as text and card, or a
 * friendly sentence with the next day that has stops.
 */
export function routeReply(db: Db, user: User, technicienId: number, date: string, lang: Lang): Reply {
  const decision = authorize(user, { kind: 'route', technicienId });
  if (!decision.allowed) return refusalReply(decision, lang);
  const exists = db.prepare('SELECT 1 FROM dim_techniciens WHERE technicien_id = ?').get(technicienId);
  if (!exists) return messageReply(t(lang, `Je ne connais pas le technicien n° ${technicienId}.`, `I do not know technician #${technicienId}.`), { color: 'Attention' });
  const route = dayRoute(db, technicienId, date);
  const year = Number(date.slice(0, 4));
  if (route.stops.length > 0) return { text: routeText(route, lang, year), card: routeCard(route, lang, year) };

  const day = formatDay(date, lang, year);
  const next = nextRouteDay(db, technicienId, date);
  const own = user.technicienId === technicienId;
  let text = own
    ? t(lang, `Aucune intervention prévue pour vous le ${day}.`, `You have no stop planned on ${day}.`)
    : t(lang, `Aucune intervention prévue pour ${route.technicien.name} le ${day}.`, `${route.technicien.name} has no stop planned on ${day}.`);
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

/** `route`: the day's stops of the named technician (or the asking technician). */
export function answerRoute(ctx: AnswerContext, candidates: { id: number; name: string }[] = []): Reply {
  const date = ctx.entities.date ?? ctx.today;
  const tech = ctx.entities.technician;
  if (!tech) return whichTechnicianReply(ctx, date, candidates);
  return routeReply(ctx.db, ctx.user, tech.id, date, ctx.lang);
}
