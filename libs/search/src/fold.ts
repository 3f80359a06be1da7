/**
 * The JS twin of SQL `lt_fold` for one character at a time: Vietnamese marks off, đ → d,
 * lower case. Each composed character folds to exactly one, so a position found in the
 * folded text is the same position in the original (used to cut snippets around a match).
 */
export function foldVietnamese(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
    const one = bare.length === 1 ? bare : ch;
    out += one === 'đ' || one === 'Đ' ? 'd' : one.toLowerCase().length === 1 ? one.toLowerCase() : one;
  }
  return out;
}

/** Up to `width` characters of `text` around the first word of `query` it contains. */
export function snippet(text: string, query: string, width = 200): string {
  const source = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  const folded = foldVietnamese(source);
  const words = foldVietnamese(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1);
  // Whole words only: "do" must not match inside "dong".
  const at = Math.min(
    ...words
      .map((w) => folded.search(new RegExp(`(?<![\\p{L}\\p{N}])${w}(?![\\p{L}\\p{N}])`, 'u')))
      .filter((i) => i >= 0),
    Infinity,
  );
  if (source.length <= width) return source;
  const start = Number.isFinite(at) ? Math.max(0, at - Math.floor(width / 4)) : 0;
  const cut = source.slice(start, start + width);
  return `${start > 0 ? '…' : ''}${cut}${start + width < source.length ? '…' : ''}`;
}
