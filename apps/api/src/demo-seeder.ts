import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrgImporter, parseOrgJson } from '@lt/admin';
import { AuthService } from '@lt/auth';
import { AppConfig } from '@lt/config';
import { isUniqueViolation } from '@lt/database';
import { IssueDirective } from '@lt/directives';
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
    private readonly issueDirective: IssueDirective,
    private readonly auth: AuthService,
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
      await this.seedDirectives();
    } catch (error) {
      // Another instance seeded at the same moment.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** Two directives through the ordinary use-case, so the demo opens with something to acknowledge. */
  private async seedDirectives(): Promise<void> {
    const as = async (username: string) => {
      const [{ id }]: { id: string }[] = await this.dataSource.query(
        'SELECT id FROM users WHERE username = $1',
        [username],
      );
      return { principal: await this.auth.loadPrincipal(id, null) };
    };
    const unitId = async (code: string) =>
      (await this.dataSource.query<{ id: string }[]>('SELECT id FROM org_units WHERE code = $1', [code]))[0]
        .id;
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await this.issueDirective.execute(await as('chutich.danang'), {
      issuingUnitId: await unitId('DNG'),
      type: 'CT',
      subject: 'Về việc tăng cường công tác phòng, chống bão và mưa lớn',
      body:
        'Yêu cầu Chủ tịch UBND các quận, phường và Giám đốc các sở chủ động rà soát phương án sơ tán dân ' +
        'ở khu vực ven biển, trực ban 24/24 giờ và báo cáo tình hình về Văn phòng UBND thành phố trước 17 giờ hằng ngày.',
      urgency: 2,
      targets: [{ unitId: await unitId('DNG'), includeSubtree: true, roles: ['leader', 'deputy_leader'] }],
      ackRequired: true,
      ackDueAt: inThreeDays,
    });
    await this.issueDirective.execute(await as('chutich.str'), {
      issuingUnitId: await unitId('STR'),
      type: 'TB',
      subject: 'Thông báo lịch giao ban điện tử tuần',
      body: 'Các phường gửi báo cáo tuần trên hệ thống trước 16 giờ thứ Sáu; không tổ chức họp trực tiếp sáng thứ Hai.',
      urgency: 0,
      targets: [{ unitId: await unitId('STR'), includeSubtree: true }],
      ackRequired: true,
      ackDueAt: inThreeDays,
    });
    this.logger.log('Demo directives issued');
  }
}
