import type { QuestionId } from './answers.ts';

export type Lang = 'fr' | 'en';

/** The sender named in every survey message. */
export const SENDER = 'Duret Électricité';

const OPT_OUT: Record<Lang, string> = {
  fr: 'STOP pour ne plus recevoir nos SMS (gratuit).',
  en: 'Reply STOP to opt out (free).',
};

export const QUESTIONS: Record<Lang, Record<QuestionId, string>> = {
  fr: {
    q1: 'Sur une échelle de 0 à 10, recommanderiez-vous Duret Électricité à un proche ? Répondez par un chiffre de 0 à 10.',
    q2: 'Le technicien a-t-il été professionnel ? Répondez OUI ou NON (un commentaire est le bienvenu).',
    q3: 'Les délais annoncés ont-ils été respectés ? Répondez OUI ou NON.',
    q4: 'Le problème a-t-il été entièrement résolu ? Répondez OUI ou NON.',
    q5: 'Avez-vous des suggestions pour nous améliorer ? Répondez en quelques mots (500 caractères max).',
  },
  en: {
    q1: 'On a scale of 0 to 10, how likely are you to recommend Duret Électricité to a friend? Reply with a number from 0 to 10.',
    q2: 'Was the technician professional? Reply YES or NO (comments welcome).',
    q3: 'Were the announced deadlines kept? Reply YES or NO.',
    q4: 'Was the problem fully solved? Reply YES or NO.',
    q5: 'Do you have any suggestions for us? Reply in a few words (500 characters max).',
  },
};

const TEXTS = {
  fr: {
    intro: (date: string) => `merci de nous avoir fait confiance pour l'intervention du ${date}. 5 questions rapides :`,
    reaskScore: "Nous n'avons pas bien compris. Merci de répondre par un seul chiffre de 0 à 10.",
    reaskYesNo: "Nous n'avons pas bien compris. Merci de répondre par OUI ou NON.",
    reaskText: "Nous n'avons pas bien compris. Écrivez votre suggestion en quelques mots (ou \"aucune\").",
    why: 'Pouvez-vous nous dire en quelques mots ce qui n\'a pas été ?',
    reminder: 'rappel de notre enquête de satisfaction.',
    truncated: 'Votre message dépassait 500 caractères : nous en avons gardé les 500 premiers.',
    thanks: 'Merci pour vos réponses, elles nous aident à mieux vous servir.',
    stopped: 'vous ne recevrez plus nos SMS. Envoyez START pour vous réabonner.',
    started: 'vous recevez de nouveau nos SMS.',
  },
  en: {
    intro: (date: string) => `thank you for trusting us with the job of ${date}. 5 quick questions:`,
    reaskScore: 'Sorry, we did not understand. Please reply with a single number from 0 to 10.',
    reaskYesNo: 'Sorry, we did not understand. Please reply YES or NO.',
    reaskText: 'Sorry, we did not understand. Please write your suggestion in a few words (or "none").',
    why: 'Could you tell us in a few words what went wrong?',
    reminder: 'a reminder of our satisfaction survey.',
    truncated: 'Your message was longer than 500 characters: we kept the first 500.',
    thanks: 'Thank you for your answers, they help us serve you better.',
    stopped: 'you will no longer receive our SMS. Send START to opt back in.',
    started: 'you will receive our SMS again.',
  },
} as const;

export type MessageKey = Exclude<keyof (typeof TEXTS)['fr'], 'intro'>;

/** A survey SMS: the sender first, the body, the free opt-out last (except on the opt-out confirmations). */
export function compose(lang: Lang, parts: readonly string[], optOut = true): string {
  return `${SENDER} : ${parts.join(' ')}${optOut ? ` ${OPT_OUT[lang]}` : ''}`;
}

export function text(lang: Lang, key: MessageKey): string {
  return TEXTS[lang][key];
}

export function intro(lang: Lang, isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return TEXTS[lang].intro(lang === 'fr' ? `${d}/${m}/${y}` : isoDate);
}

/** GSM 03.38 basic set and extension table: a message in it costs 160 (153) characters a segment, not 70 (67). */
const GSM7 = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€",
);

export function isGsm7(s: string): boolean {
  return [...s].every((c) => GSM7.has(c));
}
