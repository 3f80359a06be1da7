/**
 * One character as SQL `lt_fold` folds it: Vietnamese marks off, đ → d, lower case. It always
 * gives back as many UTF-16 units as it takes, so a position in the folded text is the same
 * position in the original.
 */
function foldChar(ch: string): string {
  const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
  const one = bare.length === 1 ? bare : ch;
  if (one === 'đ' || one === 'Đ') return 'd';
  const lower = one.toLowerCase();
  return lower.length === ch.length ? lower : one.length === ch.length ? one : ch;
}

/** Text as SQL `lt_fold` folds it, one character at a time, keeping positions. */
export function foldVietnamese(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

/**
 * The words of a web-search query (as `websearch_to_tsquery` reads it) that a match contains:
 * those of plain words and "quoted phrases", not of -excluded ones nor the OR operator.
 */
function queryWords(query: string): string[] {
  const words: string[] = [];
  for (const token of query.normalize('NFC').match(/-?"[^"]*"?|[^\s"]+/g) ?? []) {
    if (token.startsWith('-') || token.toLowerCase() === 'or') continue;
    words.push(
      ...foldVietnamese(token)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 0),
    );
  }
  return words;
}

/** Where the first of `words` stands in `folded` as a whole word, or -1. */
function firstMatch(folded: string, words: string[]): { at: number; length: number } {
  let best = { at: -1, length: 0 };
  for (const word of words) {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const at = folded.search(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u'));
    if (at >= 0 && (best.at < 0 || at < best.at)) best = { at, length: word.length };
  }
  return best;
}

const isLowSurrogate = (text: string, i: number) => /[\uDC00-\uDFFF]/.test(text.charAt(i));

/**
 * The part of a matching text to show with a search hit: the whole text when it is short,
 * otherwise `width` characters around the first word of the query it contains — marks and
 * case aside, as the search matched it — cut at spaces where one is near, with "…" where
 * text was left out. The text keeps its marks (it is composed, NFC).
 */
export function searchSnippet(text: string, query: string, width: number): string {
  const source = text.normalize('NFC');
  if (source.length <= width) return source;
  const match = firstMatch(foldVietnamese(source), queryWords(query));
  // Some words before the match, most of the room after it.
  let start =
    match.at < 0 ? 0 : Math.max(0, Math.min(match.at - Math.floor(width / 5), source.length - width));
  let end = Math.min(source.length, start + width);
  const slack = Math.floor(width / 10);
  if (start > 0) {
    const space = source.slice(start, start + slack).search(/\s/);
    if (space >= 0 && (match.at < 0 || start + space < match.at)) start += space + 1;
    else if (isLowSurrogate(source, start)) start += 1;
  }
  if (end < source.length) {
    const before = source.slice(end - slack, end);
    const space = before.search(/\s\S*$/);
    if (space >= 0 && end - slack + space >= match.at + match.length) end = end - slack + space;
    else if (isLowSurrogate(source, end)) end -= 1;
  }
  return `${start > 0 ? '…' : ''}${source.slice(start, end).trim()}${end < source.length ? '…' : ''}`;
}

/**
 * One record found by a library's text search (GET /search asks each owner): its title, the
 * text a snippet is cut from, and when it was issued or registered.
 */
export interface SearchMatch {
  id: string;
  title: string;
  text: string;
  at: Date;
}
