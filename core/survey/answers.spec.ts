import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAnswer, parseSeveral, type ParseResult, type QuestionId } from './answers.ts';

type Expect = number | boolean | 'stop' | 'start' | 'unclear' | 'out_of_range';

/** Real-sounding replies and what they must give. */
const TABLE: Array<[QuestionId, string, Expect]> = [
  // ── Q1: 0–10 ──
  ['q1', '9', 9], ['q1', '9/10', 9], ['q1', '9 / 10', 9], ['q1', '9 sur 10', 9], ['q1', 'neuf', 9], ['q1', 'Neuf !', 9],
  ['q1', 'dix', 10], ['q1', 'DIX', 10], ['q1', 'Je dirais 8', 8], ['q1', "j'dirais 8", 8], ['q1', '10 !', 10], ['q1', '10/10', 10],
  ['q1', '10/10 !!!', 10], ['q1', '8,5', 8], ['q1', '8.5', 8], ['q1', '6,5', 6], ['q1', 'entre 7 et 8', 'unclear'], ['q1', '7-8', 'unclear'],
  ['q1', '7 ou 8', 'unclear'], ['q1', 'between 7 and 8', 'unclear'], ['q1', '0', 0], ['q1', 'zéro', 0], ['q1', 'zero', 0], ['q1', '0/10', 0],
  ['q1', '11', 'out_of_range'], ['q1', '-1', 'out_of_range'], ['q1', '100', 'out_of_range'], ['q1', 'onze', 'out_of_range'], ['q1', 'dix-neuf', 'out_of_range'],
  ['q1', '  7  ', 7], ['q1', '７', 7], ['q1', 'Bonjour, 8', 8], ['q1', 'Bonjour je mets 9', 9], ['q1', 'Je donne un 9', 9], ['q1', 'un bon 8', 8],
  ['q1', 'Note : 6', 6], ['q1', '9 out of 10', 9], ['q1', 'nine', 9], ['q1', 'ten', 10], ['q1', "I'd say 7", 7], ['q1', '5 car retard de 2 jours', 5],
  ['q1', '8 merci', 8], ['q1', '10 merci pour tout', 10], ['q1', 'huit sur dix', 8], ['q1', 'sept', 7], ['q1', 'Trois.', 3], ['q1', '9\nJean Dupont', 9],
  ['q1', 'Très satisfait', 'unclear'], ['q1', 'oui', 'unclear'], ['q1', 'bien', 'unclear'], ['q1', '', 'unclear'], ['q1', '???', 'unclear'],
  ['q1', '18/20', 'unclear'], ['q1', '4/5', 'unclear'], ['q1', 'euh 9', 9], ['q1', '9️⃣', 9], ['q1', '“8”', 8], ['q1', 'Ben 10', 10],
  ['q1', 'STOP', 'stop'], ['q1', 'start', 'start'],
  // ── Q2–Q4: yes / no ──
  ['q2', '👍', true], ['q2', '👍🏼', true], ['q2', '👎', false], ['q2', 'oui', true], ['q2', 'Oui', true], ['q2', 'OUI', true], ['q2', 'Oui merci', true],
  ['q2', 'oui merci beaucoup !', true], ['q2', 'o', true], ['q2', 'O', true], ['q2', 'ouais', true], ['q2', 'ouai', true], ['q2', 'Ouiii', true],
  ['q2', 'yep', true], ['q2', 'bien sûr', true], ['q2', 'bien sur', true], ['q2', 'Tout à fait', true], ['q2', 'tout a fait !', true],
  ['q2', 'absolument', true], ['q2', 'Absolument.', true], ['q2', 'non', false], ['q2', 'NON', false], ['q2', 'Non.', false], ['q2', 'nan', false],
  ['q2', 'non pas vraiment', false], ['q2', 'pas vraiment', false], ['q2', 'pas du tout', false], ['q2', 'n', false], ['q2', 'N', false],
  ['q2', 'nope', false], ['q2', 'yes', true], ['q2', 'Yes!', true], ['q2', 'no', false], ['q2', 'No.', false], ['q2', 'not really', false],
  ['q2', 'not at all', false], ['q2', 'oui mais…', true], ['q2', 'oui mais il est parti sans nettoyer', true], ['q2', 'non, le technicien est arrivé en retard', false],
  ['q2', "Oui, très pro et à l'écoute", true], ['q2', 'Le technicien était très professionnel', true], ['q2', 'pas top', false],
  ['q2', 'oui et non', 'unclear'], ['q2', "n'importe quoi", 'unclear'], ['q2', 'peut-être', 'unclear'], ['q2', 'ok', true], ['q2', "d'accord", true],
  ['q2', 'Si', true], ['q2', 'nn', false], ['q2', 'Nooon', false], ['q2', 'oui oui', true], ['q2', 'Oui, tout à fait', true], ['q2', 'absolument pas', false],
  ['q2', 'c’est bon', true], ['q2', 'parfait', true], ['q2', 'super merci', true], ['q2', 'Je dirais oui', true], ['q2', 'euh non', false],
  ['q2', 'Oui. Cordialement, Mme Dupont', true], ['q2', 'Oui\n--\nEnvoyé de mon iPhone', true], ['q2', 'OUI Envoyé de mon iPhone', true], ['q2', '9', 'unclear'],
  ['q3', 'oui', true], ['q3', 'non', false], ['q3', 'Non il est venu 2 jours après', false], ['q3', 'pile à l’heure', true], ['q3', 'en retard', false],
  ['q3', 'toujours pas', false], ['q3', 'pas encore', false], ['q3', 'yeah', true], ['q3', 'of course', true], ['q3', 'nah', false],
  ['q4', 'oui', true], ['q4', 'non', false], ['q4', 'en partie', false], ['q4', 'pas complètement', false], ['q4', 'pas tout à fait', false],
  ['q4', 'oui tout fonctionne', true], ['q4', 'Non, la prise ne marche toujours pas', false], ['q4', 'ça marche', true], ['q4', 'rien compris', 'unclear'], ['q4', 'Toujours en panne', false], ['q4', 'Non toujours en panne', false],
  ['q1', 'Je mettrais 9', 9], ['q1', '9 voire 10', 'unclear'], ['q1', 'neuf sur dix', 9], ['q1', 'Note 7/10 car un peu cher', 7], ['q1', 'Bonjour, je donne la note de 8 sur 10. Cordialement', 8],
  ['q2', 'Yes, very professional', true], ['q2', 'No, he was late', false], ['q2', 'OUI ✅', true], ['q2', '❌', false], ['q2', '👌', true], ['q2', 'Plutôt non', false],
  // ── commands, any question ──
  ['q2', 'STOP', 'stop'], ['q3', 'stop', 'stop'], ['q2', 'ARRET', 'stop'], ['q2', 'ARRÊT', 'stop'], ['q2', 'arrêt', 'stop'], ['q2', 'STOP SMS', 'stop'],
  ['q2', 'stop svp', 'stop'], ['q2', 'Stop merci', 'stop'], ['q2', 'désabonner', 'stop'], ['q2', 'Désabonnez-moi', 'stop'], ['q2', 'unsubscribe', 'stop'],
  ['q5', "Merci de ne plus m'envoyer de SMS", 'stop'], ['q2', 'Je ne veux plus recevoir vos messages', 'stop'], ['q2', 'STOP.', 'stop'], ['q4', 'Stop !!', 'stop'],
  ['q2', 'START', 'start'], ['q2', 'start', 'start'], ['q2', 'DEMARRER', 'start'], ['q2', 'démarrer', 'start'], ['q2', 'START svp', 'start'],
];

function classify(r: ParseResult): Expect | string {
  if ('command' in r) return r.command;
  if (r.ok) return r.value as number | boolean;
  return r.code === 'out_of_range' ? 'out_of_range' : 'unclear';
}

describe('parseAnswer', () => {
  it('has a large table of real-sounding replies', () => expect(TABLE.length).toBeGreaterThanOrEqual(120));

  it.each(TABLE)('%s %j → %j', (q, text, expected) => {
    expect(classify(parseAnswer(q, text))).toBe(expected);
  });

  it('keeps the comment after a yes/no, with its accents', () => {
    expect(parseAnswer('q3', 'non, le technicien est arrivé en retard')).toEqual({ ok: true, value: false, comment: 'le technicien est arrivé en retard' });
    expect(parseAnswer('q2', 'Oui merci !')).toEqual({ ok: true, value: true });
    expect(parseAnswer('q1', '6 — trop cher')).toMatchObject({ ok: true, value: 6, comment: 'trop cher' });
  });

  it('gives clear reasons', () => {
    expect(parseAnswer('q1', '11')).toMatchObject({ ok: false, reason: expect.stringMatching(/out of range.*11.*0 and 10/) });
    expect(parseAnswer('q1', '-1')).toMatchObject({ ok: false, reason: expect.stringMatching(/out of range.*-1/) });
    expect(parseAnswer('q1', 'entre 7 et 8')).toMatchObject({ ok: false, reason: expect.stringMatching(/ambiguous/) });
    expect(parseAnswer('q2', 'peut-être')).toMatchObject({ ok: false, reason: expect.stringMatching(/yes or no/) });
  });

  it('takes suggestions as text, NFKC-normalised, cut to 500 characters', () => {
    expect(parseAnswer('q5', '  Venir plus tôt le matin ﬁ  ')).toEqual({ ok: true, value: 'Venir plus tôt le matin fi' });
    const long = 'é'.repeat(620);
    expect(parseAnswer('q5', long)).toEqual({ ok: true, value: 'é'.repeat(500), truncated: true });
  });

  it('never throws and always returns one of the three shapes', () => {
    const q = fc.constantFrom<QuestionId>('q1', 'q2', 'q3', 'q4', 'q5');
    fc.assert(
      fc.property(q, fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.stringMatching(/^[ -~0-9]{0,30}$/)), (question, text) => {
        const r = parseAnswer(question, text);
        if ('command' in r) return (r.command === 'stop' || r.command === 'start') && Object.keys(r).length === 1;
        if (r.ok) return question === 'q1' ? Number.isInteger(r.value) && (r.value as number) >= 0 && (r.value as number) <= 10 : question === 'q5' ? typeof r.value === 'string' && [...r.value].length <= 500 : typeof r.value === 'boolean';
        return typeof r.reason === 'string' && r.reason.length > 0;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseAnswer keeps what the client typed', () => {
  it('keeps the comment with its apostrophes and accents, and the suggestion with its emojis', () => {
    expect(parseAnswer('q3', 'Non, 3 semaines d’attente')).toEqual({ ok: true, value: false, comment: '3 semaines d’attente' });
    expect(parseAnswer('q2', 'oui, très pro')).toEqual({ ok: true, value: true, comment: 'très pro' });
    expect(parseAnswer('q1', '7 (le prix est élevé)')).toEqual({ ok: true, value: 7, comment: 'le prix est élevé' });
    expect(parseAnswer('q5', 'Rien à ajouter 👍\nEnvoyé de mon iPhone')).toEqual({ ok: true, value: 'Rien à ajouter 👍' });
    expect(parseAnswer('q5', '👍')).toEqual({ ok: true, value: '👍' });
    expect(parseAnswer('q5', '...')).toMatchObject({ ok: false, code: 'empty' });
  });

  it('reads a very long reply without trouble (no deep recursion, no blow-up)', () => {
    const long = `${'très '.repeat(3000)}pro`;
    expect(parseAnswer('q2', long)).toMatchObject({ ok: true, value: true });
    expect(parseAnswer('q2', 'pas '.repeat(3000))).toMatchObject({ ok: true, value: false });
    expect(parseAnswer('q1', `${'bla '.repeat(2000)}8`)).toMatchObject({ ok: true, value: 8 });
  });

  it('asks again on a hesitation or a reservation rather than guess', () => {
    expect(parseAnswer('q2', 'mouais')).toMatchObject({ ok: false, code: 'no_yes_no', reason: expect.stringMatching(/unsure/) });
    expect(parseAnswer('q4', 'Oui sauf la prise du salon')).toMatchObject({ ok: false, code: 'ambiguous', reason: expect.stringMatching(/reservation/) });
    expect(parseAnswer('q1', '5/5')).toMatchObject({ ok: false, code: 'bad_scale' });
    expect(parseAnswer('q1', '5 étoiles')).toMatchObject({ ok: false, code: 'bad_scale' });
  });
});

describe('parseSeveral: several answers in one SMS', () => {
  it('reads a score and the three yes/no answers in order, the rest as the last comment', () => {
    expect(parseSeveral('q1', '9 oui oui non le disjoncteur saute encore')).toEqual([
      { question: 'q1', value: 9 },
      { question: 'q2', value: true },
      { question: 'q3', value: true },
      { question: 'q4', value: false, comment: 'le disjoncteur saute encore' },
    ]);
    expect(parseSeveral('q1', 'Je mets 8/10, oui, non, oui')).toEqual([
      { question: 'q1', value: 8 },
      { question: 'q2', value: true },
      { question: 'q3', value: false },
      { question: 'q4', value: true },
    ]);
    expect(parseSeveral('q2', 'oui non oui')).toEqual([
      { question: 'q2', value: true },
      { question: 'q3', value: false },
      { question: 'q4', value: true },
    ]);
  });

  it.each<[QuestionId, string]>([
    ['q1', '9 oui oui oui'], // emphasis
    ['q1', '9 oui'], // "9, yes I would"
    ['q1', '9 oui oui non non'], // one too many
    ['q1', '9 oui très pro non'], // not bare answers
    ['q1', '2 jours oui non oui'], // a quantity, not a score
    ['q1', '5/5 oui non oui'], // another scale
    ['q1', 'STOP oui non oui'],
    ['q2', 'oui oui oui'],
    ['q2', 'oui non'],
    ['q3', 'oui non'], // a hesitation far more often than two answers
    ['q4', 'oui non'],
    ['q5', 'oui non oui'],
  ])('%s %j → null (read as one answer)', (q, text) => {
    expect(parseSeveral(q, text)).toBeNull();
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom<QuestionId>('q1', 'q2', 'q3', 'q4', 'q5'), fc.string(), (q, text) => {
        const r = parseSeveral(q, text);
        return r === null || (r.length >= 3 && r.every((a) => (a.question === 'q1' ? Number.isInteger(a.value) : typeof a.value === 'boolean')));
      }),
      { numRuns: 1000 },
    );
  });
});
