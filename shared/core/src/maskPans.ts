import { luhnValid, maskPan } from './cards';

// A run of 13 to 19 digits, optionally grouped by single spaces or dashes, not part of a longer word;
// a %-escape right before it (`%2F4111...` in a logged path) separates it like the character it encodes.
const DIGIT_RUN = /(?:(?<![0-9A-Za-z%])|(?<=%[0-9A-Fa-f]{2}))\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])/g;

// What separates the segments of a path or query string, literally or %-escaped (/ ? & = ; , :).
const SEGMENT_SEPARATOR = '(?:[/?&=;,:]|%2[Ff]|%3[ABDFabdf]|%26)';
// A masked card number as maskPan writes it (first six, stars, last four), or all stars.
const MASKED_PAN = '(?:\\d{6}\\*{3,9}\\d{4}|\\*{13,19})';
// Up to one named segment (`cvv`, `cvc`, `security_code`...) between a card number and its neighbour.
const BETWEEN = `(?:${SEGMENT_SEPARATOR}+[A-Za-z][A-Za-z0-9_-]{0,31})?${SEGMENT_SEPARATOR}+`;
/** A 3 or 4 digit segment right after or right before a (masked) card number: a CVV by position. */
const CVV_AFTER_PAN = new RegExp(`(${MASKED_PAN}${BETWEEN})(\\d{3,4})(?![0-9A-Za-z])`, 'g');
const CVV_BEFORE_PAN = new RegExp(`(?<![0-9A-Za-z])(\\d{3,4})(${BETWEEN}${MASKED_PAN})(?![0-9A-Za-z])`, 'g');
/** A 3 or 4 digit value named as a CVV, in a path, a query string or a JSON member: a CVV by name. */
const CVV_BY_NAME = new RegExp(`((?<![A-Za-z])(?:cvv2?|cvc2?|cvn|csc|security[_-]?code)(?:${SEGMENT_SEPARATOR}+|"\\s*:\\s*"?))(\\d{3,4})(?![0-9A-Za-z])`, 'gi');

const stars = (digits: string): string => '*'.repeat(digits.length);

/**
 * Masks every Luhn-valid 13–19 digit run in `text` to its first six and last four digits
 * (`424242******4242`), and the CVV that travels with a card number: a 3–4 digit path or query segment
 * next to it (`/cards/<card number>/cvv/<3 digits>`, `?pan=...&cvc=...`, one named segment between them
 * at most), or any 3–4 digit value named `cvv`, `cvc`, `cvn`, `csc` or `security_code`. It is the
 * last line of defence for card data that slips past redaction, inside messages, request paths or
 * under keys no path names. It errs toward masking: a long number that happens to pass Luhn is masked
 * too, which is why log timestamps are ISO strings, not epoch milliseconds.
 */
export function maskPans(text: string): string {
  let masked = text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[ -]/g, '');
    return luhnValid(digits) ? maskPan(digits) : run;
  });
  if (masked.includes('***')) {
    masked = masked
      .replace(CVV_AFTER_PAN, (_match, before: string, cvv: string) => before + stars(cvv))
      .replace(CVV_BEFORE_PAN, (_match, cvv: string, after: string) => stars(cvv) + after);
  }
  return masked.replace(CVV_BY_NAME, (_match, name: string, cvv: string) => name + stars(cvv));
}
