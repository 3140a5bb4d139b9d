import { PayrailError } from '@payrail/core';
import { stripeStatus, type PaymentIntent } from '@payrail/ledger';

/** One clause of a search query: `field:value`, `field>value`... (`metadata['key']:'value'`). */
interface Clause {
  field: string;
  key?: string;
  op: ':' | '>' | '<' | '>=' | '<=';
  value: string;
  negated: boolean;
}

const CLAUSE = /^\s*(-)?([a-z_]+)(?:\[['"]([^'"\]]{1,40})['"]\])?\s*(>=|<=|:|>|<)\s*(?:'([^']*)'|"([^"]*)"|([^\s'"]+))\s*/;
const JOINER = /^\s*(AND|OR)\s+/;

/** Parses Stripe's search query language (the part PayRail supports); anything else is a 400 saying what is not supported. */
export function parseQuery(query: string): { clauses: Clause[]; joiner: 'AND' | 'OR' } {
  const clauses: Clause[] = [];
  let joiner: 'AND' | 'OR' | null = null;
  let rest = query;
  for (let guard = 0; rest.trim() !== '' && guard < 20; guard++) {
    if (clauses.length > 0) {
      const join = JOINER.exec(rest);
      if (join === null) throw invalid(query, `expected AND or OR before '${rest.trim().slice(0, 40)}'`);
      if (joiner !== null && joiner !== join[1]) throw invalid(query, 'AND and OR cannot be mixed in one query');
      joiner = join[1] as 'AND' | 'OR';
      rest = rest.slice(join[0].length);
    }
    const match = CLAUSE.exec(rest);
    if (match === null) throw invalid(query, `cannot read '${rest.trim().slice(0, 40)}'`);
    const [, negated, field, key, op, single, double, bare] = match;
    clauses.push({ field: field as string, ...(key === undefined ? {} : { key }), op: op as Clause['op'], value: single ?? double ?? bare ?? '', negated: negated === '-' });
    rest = rest.slice(match[0].length);
  }
  if (clauses.length === 0) throw invalid(query, 'the query is empty');
  return { clauses, joiner: joiner ?? 'AND' };
}

const invalid = (query: string, why: string): PayrailError =>
  new PayrailError('parameter_invalid', `Invalid query '${query.slice(0, 100)}': ${why}. PayRail supports status, currency, customer, metadata['key'], amount and created, with : (and > < >= <= for amount and created), joined by AND or OR.`, { param: 'query' });

function compare(actual: number, clause: Clause, query: string): boolean {
  const wanted = Number(clause.value);
  if (!Number.isInteger(wanted)) throw invalid(query, `${clause.field} takes an integer`);
  switch (clause.op) {
    case ':': return actual === wanted;
    case '>': return actual > wanted;
    case '<': return actual < wanted;
    case '>=': return actual >= wanted;
    case '<=': return actual <= wanted;
  }
}

function matches(intent: PaymentIntent, clause: Clause, query: string): boolean {
  const text = (actual: string | null): boolean => {
    if (clause.op !== ':') throw invalid(query, `${clause.field} only takes ':'`);
    return actual !== null && actual.toLowerCase() === clause.value.toLowerCase();
  };
  let result: boolean;
  switch (clause.field) {
    case 'status': result = text(stripeStatus(intent)); break;
    case 'currency': result = text(intent.currency); break;
    case 'customer': result = text(typeof intent.customer?.['id'] === 'string' ? intent.customer['id'] : null); break;
    case 'metadata':
      if (clause.key === undefined) throw invalid(query, "metadata takes a key: metadata['order']:'1001'");
      result = clause.op === ':' && intent.metadata[clause.key] === clause.value;
      break;
    case 'amount': result = compare(intent.amount, clause, query); break;
    case 'created': result = compare(intent.created, clause, query); break;
    default: throw invalid(query, `the field '${clause.field}' is not supported`);
  }
  return clause.negated ? !result : result;
}

/**
 * A page of the PaymentIntents (newest first) that match `query`: `page` is the id the previous page
 * ended at (Stripe's next_page is opaque; this one is the cursor).
 */
export function searchPaymentIntents(all: PaymentIntent[], query: string, limit: number, page: string | undefined): { data: PaymentIntent[]; next_page: string | null; total_count: number } {
  const { clauses, joiner } = parseQuery(query);
  const hits = all.filter((intent) => (joiner === 'AND' ? clauses.every((c) => matches(intent, c, query)) : clauses.some((c) => matches(intent, c, query))));
  const after = page === undefined ? hits : hits.filter((intent) => intent.id < page);
  const data = after.slice(0, limit);
  return { data, next_page: after.length > limit ? (data[data.length - 1] as PaymentIntent).id : null, total_count: hits.length };
}
