import type { Lang } from './types.ts';

const ENGLISH = new Set(
  ('the my for is are what where who which going go today tomorrow yesterday show me week next last this month help please how many much ' +
    'customers at risk late contracts contract ending expiring surveys survey route quality revenue of on in to and with can you do does ' +
    'i am will monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october ' +
    'november december hello hi give list status pending overdue schedule unplanned dashboard finance technicians planned jobs our').split(' '),
);
const FRENCH = new Set(
  ('le la les de du des ma mes mon aujourd hui demain hier semaine quels quelles quel est sont pour moi tournee tournees clients retard ' +
    'retards enquete enquetes aide bonjour salut et en sur qui que quoi ou va prochaine prochain dernier derniere ce cette mois lundi ' +
    'mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre ' +
    'taux contrats tableau bord merci donne liste montre affiche planifier risque chiffre affaires qualite techniciens nos notre').split(' '),
);

/** English when the message is clearly English (more English than French words), else the user's language. */
export function replyLanguage(tokens: readonly string[], userLang: Lang): Lang {
  let en = 0;
  let fr = 0;
  for (const t of tokens) {
    if (ENGLISH.has(t)) en++;
    if (FRENCH.has(t)) fr++;
  }
  return en > 0 && en > fr ? 'en' : userLang;
}
