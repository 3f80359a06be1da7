import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What the tasks capability needs to know of a directive a task names as its source. */
export interface DirectiveAsSource {
  issuingUnitId: string;
  /** The person signed it, or is one of its recipients. */
  signedOrReceived: boolean;
}

/**
 * Directives as the source of tasks: a person may derive a task from a directive they signed
 * or received (or, decided by the caller from the issuing unit, one issued under their reach).
 */
@Injectable()
export class DirectiveTaskSources {
  /** The directive `directiveId` as seen by `userId`; null when it does not exist. */
  async asSource(em: EntityManager, directiveId: string, userId: string): Promise<DirectiveAsSource | null> {
    const [row]: DirectiveAsSource[] = await em.query(
      `SELECT d.issuing_unit_id AS "issuingUnitId",
              (d.signer_id = $2 OR EXISTS (SELECT 1 FROM directive_recipients r
                                            WHERE r.directive_id = d.id AND r.user_id = $2)) AS "signedOrReceived"
         FROM directives d WHERE d.id = $1`,
      [directiveId, userId],
    );
    return row ?? null;
  }
}
