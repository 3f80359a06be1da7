import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './session';
import { signAssignment } from './signing';
import { useIdempotentCreate } from './ui';

/** The kinds of signed content the browser makes (the server refuses any other). */
export const ASSIGNMENT_KIND = 'lien-thong/task-assignment@1';
export const ANNOTATION_KIND = 'lien-thong/annotation@1';

type SignedBody = NonNullable<Awaited<ReturnType<typeof signAssignment>>>;

/**
 * A form that signs what it sends with this browser's key: "signing…" while it works, the
 * key missing, the server's refusal. Sent again after a lost answer, the same signed request
 * goes out (useIdempotentCreate), so the server answers with what the first one made.
 * `onSaved` answers the status to show, or null.
 */
export function useSignedSubmit() {
  const { t } = useTranslation();
  const { me } = useSession();
  const create = useIdempotentCreate<SignedBody>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const submit = async <T>(path: string, content: object, onSaved: (saved: T) => string | null) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setStatus(t('assign.signing'));
    try {
      const saved = await create<T>(path, content, () => signAssignment(me!.id, content));
      setStatus(saved ? onSaved(saved) : t('assign.needKey'));
    } catch (e) {
      setStatus(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, status, submit };
}
