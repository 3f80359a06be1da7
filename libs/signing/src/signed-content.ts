import type { Actor } from '@lt/access';
import { AppError } from '@lt/common';

/**
 * The signed content of a request, exactly as the client sent it (JSON: no class instances,
 * no undefined members, so its RFC 8785 bytes are the ones signed), refused unless it is of
 * the expected kind and names the actor as its signer.
 */
export function signedContentOf<C extends { kind: string }>(
  sent: object,
  expected: { kind: string; signer: (content: C) => string },
  actor: Actor,
): C {
  const content = JSON.parse(JSON.stringify(sent)) as C;
  if (content.kind !== expected.kind) throw new AppError('signature/kind_mismatch');
  if (expected.signer(content) !== actor.principal.userId) throw new AppError('signature/signer_mismatch');
  return content;
}
