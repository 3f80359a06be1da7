import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme) bytes of `value`: what is signed and what is
 * stored, so a signature can be checked later against exactly these bytes.
 */
export function canonicalJson(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalized');
  return Buffer.from(text, 'utf8');
}
