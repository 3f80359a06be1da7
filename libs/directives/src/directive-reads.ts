import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, Principal } from '@lt/access';
import { DataSource, EntityManager, In } from 'typeorm';
import { DirectiveEntity, DirectiveRecipientEntity } from './directive.entity';

/**
 * Named reads of directives for the libraries built on them (annotations): data over the
 * directives library's own tables.
 */
@Injectable()
export class DirectiveReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /**
   * Whether the principal may read the directive as the subject of a remark: one of its
   * recipients, its signer, or a leader following (`task.follow`) its issuing unit.
   */
  async readableBy(
    principal: Principal,
    directiveId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const directive = await em.findOne(DirectiveEntity, { where: { id: directiveId } });
    if (!directive) return false;
    if (directive.signerId === principal.userId) return true;
    if (await em.exists(DirectiveRecipientEntity, { where: { directiveId, userId: principal.userId } }))
      return true;
    return (await this.access.grantFor(principal, 'task.follow', directive.issuingUnitId, em)) !== null;
  }

  /** How a list names each of `ids`: "notation: subject", keyed by directive id. */
  async titlesOf(
    ids: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await em.find(DirectiveEntity, {
      where: { id: In([...new Set(ids)]) },
      select: { id: true, notation: true, subject: true },
    });
    return new Map(rows.map((d) => [d.id, `${d.notation}: ${d.subject}`]));
  }
}
