import { deputisesUnit, headingPositionFor, headsUnit, leadsUnit, Principal } from '@lt/access';
import type { SigningForm } from './document-draft.entity';

/**
 * Who may sign in which form (Decree 30/2020, Art. 13): the head in their own name; a deputy
 * for the head (KT., ký thay) or as acting head (Q., quyền); a leader for the collective body
 * (TM., thay mặt); the head of the unit's office by order (TL., thừa lệnh); whoever the head
 * delegated signing to, while the delegation runs (TUQ., thừa ủy quyền).
 * `unitAndChildren` is the issuing unit and its direct children (its office among them).
 */
export function signingFormAllowed(
  form: SigningForm,
  signer: Pick<Principal, 'positions' | 'delegations'>,
  unitId: string,
  unitAndChildren: string[],
): boolean {
  switch (form) {
    case 'own':
      return headsUnit(signer, unitId);
    case 'KT':
    case 'Q':
      return deputisesUnit(signer, unitId);
    case 'TM':
      return leadsUnit(signer, unitId);
    case 'TL':
      return unitAndChildren.some((id) => id !== unitId && leadsUnit(signer, id));
    case 'TUQ':
      return headingPositionFor(signer, 'document.sign', unitId)?.delegation !== undefined;
  }
}

const upper = (text: string) => text.toLocaleUpperCase('vi');

/**
 * The lines printed above the signature, top to bottom, the signer's name last: e.g.
 * KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Trần Văn Bình.
 */
export function signatureBlock(
  form: SigningForm,
  names: { unitName: string; headTitle: string | null; signerTitle: string | null; signerName: string },
): string[] {
  const head = upper(names.headTitle ?? 'Thủ trưởng cơ quan');
  const title = names.signerTitle ? upper(names.signerTitle) : null;
  const lines: Record<SigningForm, (string | null)[]> = {
    own: [title ?? head],
    KT: [`KT. ${head}`, title],
    TM: [`TM. ${upper(names.unitName)}`, title ?? head],
    Q: [`Q. ${head}`],
    TL: [`TL. ${head}`, title],
    TUQ: [`TUQ. ${head}`, title],
  };
  return [...lines[form].filter((l): l is string => l !== null), names.signerName];
}
