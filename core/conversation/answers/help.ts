import { renderCard, type HelpCardData } from '../../../cards/index.ts';
import { authorize, type AccessRequest } from '../../access/policy.ts';
import type { User } from '../../access/types.ts';
import type { Db } from '../../warehouse/db.ts';
import { t } from '../format.ts';
import { loadTechnicians } from '../names.ts';
import type { Lang, Reply } from '../types.ts';
import type { AnswerContext } from './common.ts';

interface Example {
  label: string;
  text: string;
  access: AccessRequest;
}

interface Section {
  title: string;
  description: string;
  examples: Example[];
}

/** The capabilities and example phrases, each tagged with what it needs to see. */
function catalogue(db: Db, user: User, lang: Lang): Section[] {
  const self = user.technicienId;
  const other = loadTechnicians(db).find((x) => x.id !== self);
  const otherFirst = other ? other.name.split(' ')[0]! : '';
  const ex = (fr: string, en: string, access: AccessRequest): Example => {
    const text = t(lang, fr, en);
    return { label: text.charAt(0).toUpperCase() + text.slice(1), text, access };
  };
  const routes: Example[] =
    self !== null
      ? [ex('ma tournée aujourd’hui', 'my route today', { kind: 'route', technicienId: self }), ex('ma tournée de demain', 'my route tomorrow', { kind: 'route', technicienId: self })]
      : [];
  if (other && self === null) {
    routes.push(ex(`tournée de ${otherFirst} aujourd’hui`, `route for ${otherFirst} today`, { kind: 'route', technicienId: other.id }));
    routes.push(ex(`où va ${otherFirst} demain`, `where is ${otherFirst} going tomorrow`, { kind: 'route', technicienId: other.id }));
  }
  return [
    {
      title: t(lang, 'Tournées', 'Routes'),
      description: t(lang, 'Les interventions du jour dans l’ordre, créneaux et kilomètres.', 'The day’s stops in order, time windows and kilometres.'),
      examples: routes,
    },
    {
      title: t(lang, 'Planning', 'Planning'),
      description: t(lang, 'La semaine de chaque technicien et ce qui reste à planifier.', 'Each technician’s week and what is left to plan.'),
      examples: [
        ex('planning de la semaine prochaine', 'planning for next week', { kind: 'planning.week', technicienId: self }),
        ex('interventions à planifier', 'interventions to plan', { kind: 'planning.pending' }),
      ],
    },
    {
      title: t(lang, 'Clients', 'Clients'),
      description: t(lang, 'Clients à risque de départ et contrats qui arrivent à échéance.', 'Clients at risk of leaving and contracts coming to an end.'),
      examples: [ex('clients à risque', 'clients at risk', { kind: 'churn' }), ex('contrats qui se terminent', 'contracts ending soon', { kind: 'alerts.contracts' })],
    },
    {
      title: t(lang, 'Indicateurs', 'Indicators'),
      description: t(lang, 'Tableaux de bord direction, planning, techniciens, qualité et finances.', 'Direction, planning, technicians, quality and finance dashboards.'),
      examples: [
        self !== null
          ? ex('mes km cette semaine', 'my km this week', { kind: 'kpi', dashboard: 'technicians', technicienId: self })
          : ex('KPI techniciens de la semaine', 'technician KPIs this week', { kind: 'kpi', dashboard: 'technicians', technicienId: null }),
        ex('NPS du mois', 'NPS this month', { kind: 'kpi', dashboard: 'quality', technicienId: null }),
        ex('CA du mois', 'revenue this month', { kind: 'kpi', dashboard: 'finance', technicienId: null }),
      ],
    },
    {
      title: t(lang, 'Suivi', 'Follow-up'),
      description: t(lang, 'Interventions en retard et enquêtes de satisfaction.', 'Late interventions and satisfaction surveys.'),
      examples: [
        ex('interventions en retard', 'late interventions', { kind: 'alerts.late', technicienId: self }),
        ex('enquêtes de satisfaction', 'satisfaction surveys', { kind: 'survey.status', technicienId: self }),
      ],
    },
  ]
    .map((s) => ({ ...s, examples: s.examples.filter((e) => authorize(user, e.access).allowed) }))
    .filter((s) => s.examples.length > 0);
}

/** Up to `n` example phrases this user may ask (for the `unknown` reply). */
export function suggestions(db: Db, user: User, lang: Lang, n = 3): { label: string; text: string }[] {
  const sections = catalogue(db, user, lang);
  // one per section first, then the rest
  const firsts = sections.map((s) => s.examples[0]!);
  const rest = sections.flatMap((s) => s.examples.slice(1));
  return [...firsts, ...rest].slice(0, n).map(({ label, text }) => ({ label, text }));
}

/** `help`: what the bot can do, with example phrases as buttons. */
export function answerHelp(ctx: AnswerContext): Reply {
  const { lang, user } = ctx;
  const sections = catalogue(ctx.db, user, lang);
  const firstName = user.displayName.split(' ')[0] ?? '';
  const title = t(lang, `Bonjour ${firstName} ! Voici ce que je sais faire`, `Hello ${firstName}! Here is what I can do`);
  const intro = t(
    lang,
    'Posez votre question en français ou en anglais, ou touchez un exemple.',
    'Ask in English or French, or tap an example.',
  );
  const data: HelpCardData = {
    title,
    intro,
    sections: sections.map((s) => ({ title: s.title, description: s.description, examples: s.examples.map(({ label, text }) => ({ label, text })) })),
  };
  const quote = (x: string) => t(lang, `« ${x} »`, `“${x}”`);
  const lines = sections.map((s) => `• ${s.title} — ${s.examples.map((e) => quote(e.text)).join(', ')}`);
  return { text: [title, intro, ...lines].join('\n'), card: renderCard('help', data) };
}
