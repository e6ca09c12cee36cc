/**
 * The survey web form's pages, rendered on the server: plain HTML with inline CSS, no JavaScript, no external
 * asset, every value escaped. The same five questions as the SMS conversation, in French or English.
 */
import { MAX_SUGGESTION_CHARS, SENDER, type Lang } from '../../core/survey/index.ts';

/** The form's fields as posted (application/x-www-form-urlencoded), all optional strings. */
export const FORM_FIELDS = ['q1', 'q2', 'q2c', 'q3', 'q3c', 'q4', 'q4c', 'q5'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Partial<Record<FormField, string>>;

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const T = {
  fr: {
    title: 'Enquête de satisfaction',
    hello: (name: string | null) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    intro: (date: string | null) =>
      `merci de nous avoir fait confiance${date ? ` pour l’intervention du ${date}` : ''}. Cinq questions rapides, moins d’une minute :`,
    q1: 'Sur une échelle de 0 à 10, recommanderiez-vous Duret Électricité à un proche ?',
    q1Low: '0 = pas du tout',
    q1High: '10 = tout à fait',
    q2: 'Le technicien a-t-il été professionnel ?',
    q3: 'Les délais annoncés ont-ils été respectés ?',
    q4: 'Le problème a-t-il été entièrement résolu ?',
    q5: 'Avez-vous des suggestions pour nous améliorer ?',
    yes: 'Oui',
    no: 'Non',
    comment: 'Un commentaire ? (facultatif)',
    whyNot: 'Si non, pouvez-vous nous dire ce qui n’a pas été ? (facultatif)',
    q5Hint: `${MAX_SUGGESTION_CHARS} caractères au maximum ; un texte plus long est coupé à ${MAX_SUGGESTION_CHARS} caractères.`,
    optional: 'facultatif',
    submit: 'Envoyer mes réponses',
    errorsTitle: 'Merci de vérifier vos réponses :',
    privacy: `${SENDER} — ces réponses servent uniquement à améliorer notre service, elles ne sont jamais utilisées pour de la publicité.`,
    thanksTitle: 'Merci !',
    thanks: 'Vos réponses ont bien été enregistrées. Elles nous aident à mieux vous servir.',
    truncated: `Votre suggestion dépassait ${MAX_SUGGESTION_CHARS} caractères : nous en avons gardé les ${MAX_SUGGESTION_CHARS} premiers.`,
    usedTitle: 'Déjà répondu',
    used: 'Vous avez déjà répondu à cette enquête. Merci pour votre participation !',
    closedTitle: 'Enquête terminée',
    closed: 'Cette enquête est terminée. Merci de votre intérêt.',
  },
  en: {
    title: 'Satisfaction survey',
    hello: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    intro: (date: string | null) => `thank you for trusting us${date ? ` with the job of ${date}` : ''}. Five quick questions, less than a minute:`,
    q1: 'On a scale of 0 to 10, how likely are you to recommend Duret Électricité to a friend?',
    q1Low: '0 = not at all',
    q1High: '10 = extremely likely',
    q2: 'Was the technician professional?',
    q3: 'Were the announced deadlines kept?',
    q4: 'Was the problem fully solved?',
    q5: 'Do you have any suggestions for us?',
    yes: 'Yes',
    no: 'No',
    comment: 'Any comment? (optional)',
    whyNot: 'If not, could you tell us what went wrong? (optional)',
    q5Hint: `${MAX_SUGGESTION_CHARS} characters at most; a longer text is cut to ${MAX_SUGGESTION_CHARS} characters.`,
    optional: 'optional',
    submit: 'Send my answers',
    errorsTitle: 'Please check your answers:',
    privacy: `${SENDER} — these answers are only used to improve our service, never for advertising.`,
    thanksTitle: 'Thank you!',
    thanks: 'Your answers have been recorded. They help us serve you better.',
    truncated: `Your suggestion was longer than ${MAX_SUGGESTION_CHARS} characters: we kept the first ${MAX_SUGGESTION_CHARS}.`,
    usedTitle: 'Already answered',
    used: 'You have already answered this survey. Thank you for taking part!',
    closedTitle: 'Survey closed',
    closed: 'This survey is closed. Thank you for your interest.',
  },
} as const;

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f4f5f7}
main{max-width:36rem;margin:0 auto;padding:1rem}
header{padding:.25rem 0 .75rem}
.brand{font-weight:700;color:#0b5cad;font-size:1.05rem}
h1{font-size:1.35rem;margin:.25rem 0 .5rem}
fieldset{border:0;background:#fff;border-radius:.6rem;margin:0 0 .9rem;padding:.9rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
legend{font-weight:600;padding:0;margin-bottom:.5rem;float:left;width:100%}
legend+*{clear:both}
.scale{display:flex;flex-wrap:wrap;gap:.35rem}
.scale label{flex:1 0 2.6rem;text-align:center;border:1px solid #c8ccd1;border-radius:.4rem;padding:.45rem 0;background:#fafbfc}
.scale input{display:block;margin:0 auto .15rem}
.ends{display:flex;justify-content:space-between;font-size:.8rem;color:#57606a;margin-top:.3rem}
.yn{display:flex;gap:.6rem;margin-bottom:.5rem}
.yn label{flex:1;border:1px solid #c8ccd1;border-radius:.4rem;padding:.55rem .7rem;background:#fafbfc}
.field{display:block;font-size:.9rem;color:#57606a;margin-top:.35rem}
textarea{width:100%;min-height:4.5rem;font:inherit;padding:.5rem;border:1px solid #c8ccd1;border-radius:.4rem;margin-top:.25rem}
.hint{font-size:.8rem;color:#57606a;margin:.3rem 0 0}
.error{color:#a40e26;font-weight:600;margin:.35rem 0 0}
.invalid{outline:2px solid #a40e26}
.errors{background:#fff1f0;border:1px solid #f3b7b0;border-radius:.6rem;padding:.75rem .9rem;margin-bottom:.9rem}
.errors ul{margin:.3rem 0 0;padding-left:1.2rem}
button{width:100%;font:inherit;font-weight:600;color:#fff;background:#0b5cad;border:0;border-radius:.5rem;padding:.85rem;margin-top:.2rem}
.card{background:#fff;border-radius:.6rem;padding:1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
footer{font-size:.8rem;color:#57606a;margin:1rem 0 2rem}
`;

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex,nofollow">
<title>${esc(title)} — ${esc(SENDER)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><div class="brand">${esc(SENDER)}</div></header>
${body}
<footer>${esc(T[lang].privacy)}</footer>
</main>
</body>
</html>
`;
}

export interface FormView {
  lang: Lang;
  /** the form's own URL (POST target), e.g. /s/<token> */
  action: string;
  clientFirstName: string | null;
  /** ISO date of the intervention, or null */
  interventionDate: string | null;
}

const displayDate = (iso: string | null, lang: Lang): string | null => {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const [y, m, d] = iso.slice(0, 10).split('-');
  return lang === 'fr' ? `${d}/${m}/${y}` : `${d}/${m}/${y}`;
};

const errorId = (f: string): string => `err-${f}`;

function errorLine(errors: Readonly<Record<string, string>>, field: string): string {
  const e = errors[field];
  return e ? `<p class="error" id="${errorId(field)}">${esc(e)}</p>` : '';
}

const described = (errors: Readonly<Record<string, string>>, field: string): string =>
  errors[field] ? ` aria-invalid="true" aria-describedby="${errorId(field)}"` : '';

function yesNo(t: (typeof T)[Lang], n: 2 | 3 | 4, question: string, commentLabel: string, values: FormValues, errors: Readonly<Record<string, string>>): string {
  const q = `q${n}` as const;
  const c = `q${n}c` as const;
  const v = values[q];
  const radio = (value: 'oui' | 'non', label: string): string =>
    `<label><input type="radio" name="${q}" value="${value}"${v === value ? ' checked' : ''}${described(errors, q)}> ${esc(label)}</label>`;
  return `<fieldset id="${q}"${errors[q] ? ' class="invalid"' : ''}>
<legend>${n}. ${esc(question)}</legend>
<div class="yn">${radio('oui', t.yes)}${radio('non', t.no)}</div>
${errorLine(errors, q)}
<label class="field" for="${c}">${esc(commentLabel)}</label>
<textarea id="${c}" name="${c}" maxlength="${MAX_SUGGESTION_CHARS}" rows="2"${described(errors, c)}>${esc(values[c] ?? '')}</textarea>
${errorLine(errors, c)}
</fieldset>`;
}

/** The form, blank or with the values posted and the errors beside their fields. */
export function formPage(view: FormView, values: FormValues = {}, errors: Readonly<Record<string, string>> = {}): string {
  const { lang } = view;
  const t = T[lang];
  const errorList = Object.entries(errors);
  const summary = errorList.length
    ? `<div class="errors" role="alert"><strong>${esc(t.errorsTitle)}</strong><ul>${errorList
        .map(([f, m]) => `<li><a href="#${esc(f.replace(/c$/, '').replace(/[^a-z0-9]/gi, ''))}">${esc(m)}</a></li>`)
        .join('')}</ul></div>`
    : '';
  const scale = Array.from({ length: 11 }, (_, i) => {
    const s = String(i);
    return `<label><input type="radio" name="q1" value="${s}"${values.q1 === s ? ' checked' : ''}${i === 0 ? ' required' : ''}${described(errors, 'q1')}>${s}</label>`;
  }).join('');
  const date = displayDate(view.interventionDate, lang);
  const body = `<h1>${esc(t.title)}</h1>
<p>${esc(t.hello(view.clientFirstName))} ${esc(t.intro(date))}</p>
${summary}
<form method="post" action="${esc(view.action)}" accept-charset="utf-8">
<fieldset id="q1"${errors.q1 ? ' class="invalid"' : ''}>
<legend>1. ${esc(t.q1)}</legend>
<div class="scale">${scale}</div>
<div class="ends"><span>${esc(t.q1Low)}</span><span>${esc(t.q1High)}</span></div>
${errorLine(errors, 'q1')}
</fieldset>
${yesNo(t, 2, t.q2, t.comment, values, errors)}
${yesNo(t, 3, t.q3, t.whyNot, values, errors)}
${yesNo(t, 4, t.q4, t.whyNot, values, errors)}
<fieldset id="q5"${errors.q5 ? ' class="invalid"' : ''}>
<legend>5. ${esc(t.q5)} <span class="hint">(${esc(t.optional)})</span></legend>
<textarea id="q5-text" name="q5" maxlength="${MAX_SUGGESTION_CHARS}" rows="4" aria-describedby="q5-hint">${esc(values.q5 ?? '')}</textarea>
<p class="hint" id="q5-hint">${esc(t.q5Hint)}</p>
${errorLine(errors, 'q5')}
</fieldset>
<button type="submit">${esc(t.submit)}</button>
</form>`;
  return page(lang, t.title, body);
}

function message(lang: Lang, title: string, text: string, extra = ''): string {
  return page(lang, title, `<div class="card"><h1>${esc(title)}</h1><p>${esc(text)}</p>${extra}</div>`);
}

export function thanksPage(lang: Lang, truncated: boolean): string {
  const t = T[lang];
  return message(lang, t.thanksTitle, t.thanks, truncated ? `<p class="hint">${esc(t.truncated)}</p>` : '');
}

export function alreadyAnsweredPage(lang: Lang): string {
  return message(lang, T[lang].usedTitle, T[lang].used);
}

export function closedPage(lang: Lang): string {
  return message(lang, T[lang].closedTitle, T[lang].closed);
}

/** An unknown or malformed link: says nothing about why, in both languages. */
export function notFoundPage(): string {
  return page(
    'fr',
    'Lien invalide',
    `<div class="card"><h1>Lien invalide</h1><p>Ce lien n’est pas valide ou n’est plus disponible. Si vous pensez qu’il s’agit d’une erreur, contactez ${esc(SENDER)}.</p>
<h1 lang="en">Invalid link</h1><p lang="en">This link is not valid or no longer available. If you think this is a mistake, please contact ${esc(SENDER)}.</p></div>`,
  );
}

/** A body too large, a bad content type…: a short page in the survey's language (or French). */
export function badRequestPage(lang: Lang, text: { fr: string; en: string }): string {
  return message(lang, lang === 'fr' ? 'Requête invalide' : 'Invalid request', text[lang]);
}
