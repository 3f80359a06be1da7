import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal } from '@lt/access';
import { DataSource, EntityManager } from 'typeorm';
import { DirectiveEntity } from './directive.entity';
import { DirectiveReaders } from './directive-readers';

/**
 * Named reads of directives for the libraries built on them (annotations): data over the
 * directives library's own tables.
 */
@Injectable()
export class DirectiveReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readers: DirectiveReaders,
  ) {}

  /**
   * Whether the principal may read the directive as the subject of a remark: its signer, or a
   * reader by the one rule of {@link DirectiveReaders} (its recipients, the leaders at or above
   * its issuing unit).
   */
  async readableBy(
    principal: Principal,
    directiveId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const directive = await em.findOne(DirectiveEntity, { where: { id: directiveId } });
    if (!directive) return false;
    if (directive.signerId === principal.userId) return true;
    return (await this.readers.readableBy(principal, [directiveId], em)).length > 0;
  }
}
