import { Injectable } from '@nestjs/common';
import { OrgTreeService } from '@lt/org';
import { EntityManager, In } from 'typeorm';
import type { CitizenFileSummary } from './one-stop-events';
import { CitizenFileEntity, ProcedureEntity } from './one-stop.entity';

/**
 * Citizens' files as events and other capabilities (the discipline review) show them: code,
 * procedure, unit, state, dates; never the applicant's personal data. Batched.
 */
@Injectable()
export class CitizenFileSummaries {
  constructor(private readonly tree: OrgTreeService) {}

  async of(em: EntityManager, ids: readonly string[]): Promise<Map<string, CitizenFileSummary>> {
    if (ids.length === 0) return new Map();
    const files = await em.find(CitizenFileEntity, { where: { id: In([...new Set(ids)]) } });
    return this.summarise(em, files);
  }

  async summarise(em: EntityManager, files: CitizenFileEntity[]): Promise<Map<string, CitizenFileSummary>> {
    const procedures = new Map(
      (
        await em.find(ProcedureEntity, { where: { id: In([...new Set(files.map((f) => f.procedureId))]) } })
      ).map((p) => [p.id, p]),
    );
    const units = new Map(
      (
        await this.tree.units(
          files.map((f) => f.unitId),
          em,
        )
      ).map((u) => [u.id, u.name]),
    );
    return new Map(
      files.map((file) => {
        const procedure = procedures.get(file.procedureId)!;
        return [
          file.id,
          {
            id: file.id,
            code: file.code,
            unit: { id: file.unitId, name: units.get(file.unitId) ?? '' },
            procedure: { id: procedure.id, code: procedure.code, name: procedure.name },
            state: file.state,
            receivedAt: file.receivedAt.toISOString(),
            appointmentAt: file.appointmentAt.toISOString(),
          },
        ];
      }),
    );
  }
}
