/**
 * Text as the full-text index sees it (docs/search.md). Shared by the SQLite index (which stores bigrams made here)
 * and by the keyword parsing of every engine.
 *
 * A text is normalised (NFKC, lower case) and cut into runs of word characters (letters, digits, private use: what
 * SQLite's unicode61 tokenizer keeps); spaces and punctuation separate runs. SQLite's FTS5 index holds, for each run,
 * every overlapping pair of characters followed by the run's last character alone ("小区停车" → 小区 区停 停车 车), so
 * that:
 *  - a keyword of two or more characters is the phrase of its pairs ("停车场" → "停车 车场"), which matches exactly the
 *    texts holding it as a substring (the pairs are adjacent in the index only where they are adjacent in the text);
 *  - a one-character keyword is a prefix query ("车"*): every character starts the token at its position.
 */

/** Word characters: letters, digits, private use (a run of them is what a keyword matches within). */
const WORD_RUN = /[\p{L}\p{N}\p{Co}]+/gu;

export const normaliseText = (text: string): string => text.normalize('NFKC').toLowerCase();

/** The runs of word characters of a text, normalised. */
export const runsOf = (text: string): string[] => normaliseText(text).match(WORD_RUN) ?? [];

/** The pairs of a run (by code point); a one-character run is itself. */
export function pairsOf(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** What SQLite's index stores for a text: per run, its overlapping pairs and then its last character alone. */
export function bigramText(text: string): string {
  const out: string[] = [];
  for (const run of runsOf(text)) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) out.push(chars[i] + (chars[i + 1] ?? ''));
  }
  return out.join(' ');
}

/** The text of a message the index holds: its title and its content (a match never spans the two). */
export const messageText = (m: { title: string; content: string }) => `${m.title}\n${m.content}`;

export interface ParsedKeyword {
  /** The keyword's runs of word characters, normalised (empty: nothing an index can look up). */
  runs: string[];
  /**
   * True when the index alone answers the keyword exactly: one run and nothing else (no space or punctuation). Otherwise
   * the index narrows the candidates to texts holding every run and the keyword itself is checked on them (LIKE).
   */
  exact: boolean;
}

export function parseKeyword(keyword: string): ParsedKeyword {
  const k = normaliseText(keyword.trim());
  const runs = k.match(WORD_RUN) ?? [];
  return { runs, exact: runs.length === 1 && runs[0] === k };
}

/** The FTS5 query of a keyword's runs: a phrase of pairs per run, or a prefix query for one character; all must hold. */
export const fts5Query = (runs: string[]): string => runs.map((run) => ([...run].length === 1 ? `"${run}"*` : `"${pairsOf(run).join(' ')}"`)).join(' AND ');

/**
 * The boolean-mode query of MySQL's ngram parser and of Mroonga: every run as a required phrase (the engines cut it
 * into pairs themselves); a single character as a prefix for the ngram parser (shorter than its tokens).
 */
export const booleanQuery = (runs: string[], engine: 'mroonga' | 'ngram'): string =>
  runs.map((run) => (engine === 'ngram' && [...run].length === 1 ? `+${run}*` : `+"${run}"`)).join(' ');
