/**
 * JSON as Python's `json` module writes it: `NaN`, `Infinity` and `-Infinity` as bare words (`allow_nan=True`,
 * the default; a diverged run's loss), possibly behind a UTF-8 BOM. Standard JSON.parse refuses both.
 *
 * @example
 * parsePythonJson('\ufeff{"loss": NaN, "grad_norm": Infinity}'); // { loss: NaN, grad_norm: Infinity }
 */

const SENTINEL = '\u0000scalelab-nonfinite:';
const WORDS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/**
 * Parse JSON text that may hold Python's non-finite words outside strings and a leading BOM. Throws JSON.parse's
 * SyntaxError for anything else that is not JSON.
 *
 * @example
 * parsePythonJson('[1, -Infinity, "NaN"]'); // [1, -Infinity, 'NaN'] (a string stays a string)
 */
export function parsePythonJson(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!/NaN|Infinity/.test(text)) throw e;
  }
  return JSON.parse(quoteNonFinite(text), (_k, v: unknown) => (typeof v === 'string' && v.startsWith(SENTINEL) ? WORDS[v.slice(SENTINEL.length)] : v));
}

/** Replace bare NaN / Infinity / -Infinity outside strings by sentinel strings (one pass, strings skipped). */
function quoteNonFinite(t: string): string {
  const out: string[] = [];
  let last = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 34) {
      // skip the string, honouring backslash escapes
      for (i++; i < t.length; i++) {
        const d = t.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      continue;
    }
    let word: string | undefined;
    if (c === 78 && t.startsWith('NaN', i)) word = 'NaN';
    else if (c === 73 && t.startsWith('Infinity', i)) word = 'Infinity';
    else if (c === 45 && t.startsWith('-Infinity', i)) word = '-Infinity';
    if (word !== undefined) {
      out.push(t.slice(last, i), `"\\u0000scalelab-nonfinite:${word}"`); // the escape, as JSON text
      i += word.length - 1;
      last = i + 1;
    }
  }
  out.push(t.slice(last));
  return out.join('');
}
