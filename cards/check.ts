import type { CardJson } from '../core/conversation/types.ts';

/**
 * Problems that would stop Teams from rendering a card or handling its buttons: not an AdaptiveCard 1.5,
 * a `${…}` left unbound, an Action.Execute without a verb, an Action.OpenUrl without an http(s) url.
 * Empty list = fine.
 */
export function checkCard(card: CardJson): string[] {
  const problems: string[] = [];
  if (card.type !== 'AdaptiveCard') problems.push(`type is ${String(card.type)}, expected AdaptiveCard`);
  if (card.version !== '1.5') problems.push(`version is ${String(card.version)}, expected 1.5`);
  if (!Array.isArray(card.body)) problems.push('body is not an array');
  const walk = (node: unknown, path: string): void => {
    if (typeof node === 'string') {
      if (node.includes('${')) problems.push(`${path}: unbound ${node}`);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((x, i) => walk(x, `${path}[${i}]`));
      return;
    }
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && (typeof o.verb !== 'string' || o.verb === '')) problems.push(`${path}: Action.Execute without a verb`);
      if (o.type === 'Action.OpenUrl' && (typeof o.url !== 'string' || !/^https?:\/\//.test(o.url))) problems.push(`${path}: Action.OpenUrl without an http(s) url`);
      if (typeof o.$data === 'string' || typeof o.$when === 'string') problems.push(`${path}: template directive left ($data/$when)`);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
    }
  };
  walk(card, '$');
  return problems;
}
