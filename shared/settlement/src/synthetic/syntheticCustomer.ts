import { between, pick, drawWeighted, seededRandom } from './seededRandom';

/** A synthetic cardholder. Emails are on example domains and IPs in documentation ranges: nobody real. */
export interface SyntheticCustomer {
  index: number;
  /** The merchant's own customer reference, e.g. `C000042`. */
  ref: string;
  name: string;
  email: string;
  ip: string;
  country: string;
  /** The merchant category code this customer mostly buys in. */
  mcc: string;
  /** How many cards the customer pays with. */
  cards: number;
}

/** Where customers live, by weight, and the currency they pay in at home. */
export const CUSTOMER_COUNTRIES = {
  US: { weight: 40, currency: 'USD' },
  GB: { weight: 12, currency: 'GBP' },
  DE: { weight: 10, currency: 'EUR' },
  FR: { weight: 8, currency: 'EUR' },
  BR: { weight: 8, currency: 'BRL' },
  JP: { weight: 6, currency: 'JPY' },
  CA: { weight: 6, currency: 'CAD' },
  AU: { weight: 5, currency: 'AUD' },
  ES: { weight: 5, currency: 'EUR' },
} as const;

export type CustomerCountry = keyof typeof CUSTOMER_COUNTRIES;

const COUNTRY_WEIGHTS = Object.fromEntries(Object.entries(CUSTOMER_COUNTRIES).map(([country, { weight }]) => [country, weight])) as Record<CustomerCountry, number>;

/** Merchant category codes (ISO 18245) with how often customers shop in them. */
const MCC_WEIGHTS: Readonly<Record<string, number>> = {
  '5411': 20, // grocery stores
  '5812': 15, // restaurants
  '5999': 12, // miscellaneous retail
  '5691': 10, // clothing
  '5732': 8, // electronics
  '4121': 8, // taxis and rideshare
  '5816': 8, // digital games
  '7011': 6, // hotels
  '5942': 5, // book stores
  '4814': 8, // telecom services
};

const FIRST_NAMES = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger', 'Radia', 'Tim', 'Sophie', 'John', 'Katherine', 'Donald', 'Hedy', 'Niklaus', 'Joan', 'Bjarne', 'Mary', 'Guido', 'Anita', 'James', 'Lynn', 'Yukihiro', 'Carla', 'Tony', 'Shafi', 'Leslie'];
const LAST_NAMES = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra', 'Perlman', 'Lee', 'Wilson', 'Backus', 'Johnson', 'Knuth', 'Lamarr', 'Wirth', 'Clarke', 'Stroustrup', 'Shaw', 'Rossum', 'Borg', 'Gosling', 'Conway', 'Matsumoto', 'Meninsky', 'Hoare', 'Goldwasser', 'Lamport'];
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];
/** The documentation ranges of RFC 5737 (IPv4) and RFC 3849 (IPv6): never a real host. */
const IPV4_PREFIXES = ['192.0.2', '198.51.100', '203.0.113'];
const IPV6_SHARE = 0.2;

/** Customer number `index` of the traffic of `seed`: the same customer every time it is asked for. */
export function syntheticCustomer(seed: number, index: number): SyntheticCustomer {
  const random = seededRandom(seed, `customer:${index}`);
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  const country = drawWeighted(random, COUNTRY_WEIGHTS);
  const ip = random() < IPV6_SHARE
    ? `2001:db8:${between(random, 0, 0xffff).toString(16)}::${between(random, 1, 0xffff).toString(16)}`
    : `${pick(random, IPV4_PREFIXES)}.${between(random, 1, 254)}`;
  return {
    index,
    ref: `C${String(index).padStart(6, '0')}`,
    name: `${first} ${last}`,
    email: `${first}.${last}${index}@${pick(random, EMAIL_DOMAINS)}`.toLowerCase(),
    ip,
    country,
    mcc: drawWeighted(random, MCC_WEIGHTS),
    cards: between(random, 1, 3),
  };
}
