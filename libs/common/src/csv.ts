/**
 * One CSV cell: quoted when it holds a quote, comma or line break; text a spreadsheet would
 * read as a formula (=, +, -, @, tab, CR) is kept as text with a leading apostrophe, so an
 * exported subject cannot run in the clerk's Excel.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
