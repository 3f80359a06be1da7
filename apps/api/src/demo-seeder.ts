import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrgImporter, parseOrgJson } from '@lt/admin';
import { AppConfig } from '@lt/config';
import { isUniqueViolation } from '@lt/database';
import { DataSource } from 'typeorm';
import demoOrg from '../../../demo/demo-org.json';

/**
 * Seeds the demo organisation (Đà Nẵng, Sơn Trà and Hải Châu with their wards) through the
 * ordinary importer, once: only when DEMO_DATA is on and the database holds no unit yet.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly importer: OrgImporter,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DEMO_DATA) return;
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS count FROM org_units',
    );
    if (count > 0) return;
    try {
      const report = await this.importer.import(null, parseOrgJson(demoOrg));
      this.logger.log(
        `Demo organisation seeded: ${report.units.created} units, ${report.people.created} people`,
      );
    } catch (error) {
      // Another instance seeded at the same moment.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
