import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrgImporter, parseOrgJson } from '@lt/admin';
import { Annotate, ANNOTATION_KIND, AnnotateDto } from '@lt/annotations';
import { AuthService } from '@lt/auth';
import { CommentItem, OpenBriefing, SubmitReport, vietnamIsoWeek, weekLabel } from '@lt/briefings';
import { ChatChannels, PostMessage } from '@lt/chat';
import { AppConfig } from '@lt/config';
import { isUniqueViolation } from '@lt/database';
import { IssueDirective } from '@lt/directives';
import { DocumentsService } from '@lt/documents';
import { ScheduleCommands, parseScheduleWeek } from '@lt/schedules';
import { CitizenFiles, ProcedureCatalogue, PublicHolidays } from '@lt/one-stop';
import { DECISION_KIND, SignerCertificates } from '@lt/signing';
import { AssignTask, ASSIGNMENT_KIND, AssignTaskDto, TaskWorkflow } from '@lt/tasks';
import { webcrypto } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createCertificateRequest } from '../../../libs/signing/src/client/certificate-request';
import { newNonce, signContent } from '../../../libs/signing/src/client/content-signer';
import { DEMO_CASTS, DemoCast } from '../../../demo/demo-shapes';

/** A decision on a task, signed as the browser signs it (docs/signing.md). */
async function decision<F extends object>(signer: DemoSigner, taskId: string, action: string, fields: F) {
  const content = {
    ...fields,
    kind: DECISION_KIND,
    subject: { type: 'task', id: taskId },
    action,
    signer: signer.actor.principal.userId,
    issuedAt: new Date().toISOString(),
    nonce: newNonce(webcrypto),
  } as const;
  const signature = await signContent(webcrypto.subtle, signer.keys.privateKey, content);
  return { content, signature, certificateId: signer.certificateId };
}

/**
 * The public holidays of the demo (Bộ luật Lao động 2019, Art. 112, as the Government placed
 * them): entered as data each year, since Tết follows the lunar calendar.
 */
const DEMO_HOLIDAYS: Record<number, { day: string; name: string }[]> = {
  2026: [
    { day: '2026-01-01', name: 'Tết Dương lịch' },
    ...['16', '17', '18', '19', '20'].map((d) => ({ day: `2026-02-${d}`, name: 'Tết Nguyên đán Bính Ngọ' })),
    { day: '2026-04-27', name: 'Giỗ Tổ Hùng Vương (nghỉ bù)' },
    { day: '2026-04-30', name: 'Ngày Chiến thắng' },
    { day: '2026-05-01', name: 'Ngày Quốc tế Lao động' },
    { day: '2026-09-01', name: 'Quốc khánh' },
    { day: '2026-09-02', name: 'Quốc khánh' },
  ],
  2027: [
    { day: '2027-01-01', name: 'Tết Dương lịch' },
    ...['04', '05', '08', '09', '10'].map((d) => ({ day: `2027-02-${d}`, name: 'Tết Nguyên đán Đinh Mùi' })),
    { day: '2027-04-16', name: 'Giỗ Tổ Hùng Vương' },
    { day: '2027-04-30', name: 'Ngày Chiến thắng' },
    { day: '2027-05-03', name: 'Ngày Quốc tế Lao động (nghỉ bù)' },
    { day: '2027-09-02', name: 'Quốc khánh' },
    { day: '2027-09-03', name: 'Quốc khánh' },
  ],
};

interface DemoSigner {
  actor: { principal: Awaited<ReturnType<AuthService['loadPrincipal']>> };
  keys: webcrypto.CryptoKeyPair;
  certificateId: string;
}

/**
 * Seeds the demo organisation of DEMO_ORG (Đà Nẵng with its districts and wards, or with wards
 * and communes directly under the city) through the ordinary importer, once: only when
 * DEMO_DATA is on and the database holds no unit yet. The work it seeds names the cast of
 * demo/demo-shapes.ts, so both shapes open with the same kinds of things to do.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly importer: OrgImporter,
    private readonly issueDirective: IssueDirective,
    private readonly auth: AuthService,
    private readonly certificates: SignerCertificates,
    private readonly assignTask: AssignTask,
    private readonly workflow: TaskWorkflow,
    private readonly documents: DocumentsService,
    private readonly annotate: Annotate,
    private readonly openBriefing: OpenBriefing,
    private readonly submitReport: SubmitReport,
    private readonly commentItem: CommentItem,
    private readonly chatChannels: ChatChannels,
    private readonly postMessage: PostMessage,
    private readonly schedules: ScheduleCommands,
    private readonly holidays: PublicHolidays,
    private readonly procedures: ProcedureCatalogue,
    private readonly citizenFiles: CitizenFiles,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.cast = DEMO_CASTS[config.DEMO_ORG];
  }

  private readonly cast: DemoCast;

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DEMO_DATA) return;
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS count FROM org_units',
    );
    if (count > 0) return;
    try {
      const report = await this.importer.import(null, parseOrgJson(this.cast.org));
      this.logger.log(
        `Demo organisation seeded: ${report.units.created} units, ${report.people.created} people`,
      );
      await this.seedDirectives();
      const signer = await this.seedTasks();
      await this.seedDocuments(signer);
      await this.seedBriefing();
      await this.seedChat();
      await this.seedSchedule();
      await this.seedOneStop();
    } catch (error) {
      // Another instance seeded at the same moment.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** Two directives through the ordinary use-case, so the demo opens with something to acknowledge. */
  private async seedDirectives(): Promise<void> {
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const { city, over } = this.cast;
    await this.issueDirective.execute(await this.as(city.chair), {
      issuingUnitId: await this.unitId(city.code),
      type: 'CT',
      subject: 'Về việc tăng cường công tác phòng, chống bão và mưa lớn',
      body:
        `Yêu cầu Chủ tịch UBND các ${over.code === city.code ? 'phường, xã' : 'quận, phường'} và Giám đốc các sở chủ động` +
        ' rà soát phương án sơ tán dân ' +
        'ở khu vực ven biển, trực ban 24/24 giờ và báo cáo tình hình về Văn phòng UBND thành phố trước 17 giờ hằng ngày.',
      urgency: 2,
      targets: [
        { unitId: await this.unitId(city.code), includeSubtree: true, roles: ['leader', 'deputy_leader'] },
      ],
      ackRequired: true,
      ackDueAt: inThreeDays,
    });
    await this.issueDirective.execute(await this.as(over.chair), {
      issuingUnitId: await this.unitId(over.code),
      type: 'TB',
      subject: 'Thông báo lịch giao ban điện tử tuần',
      body: 'Các phường gửi báo cáo tuần trên hệ thống trước 16 giờ thứ Sáu; không tổ chức họp trực tiếp sáng thứ Hai.',
      urgency: 0,
      targets: [{ unitId: await this.unitId(over.code), includeSubtree: true }],
      ackRequired: true,
      ackDueAt: inThreeDays,
    });
    this.logger.log('Demo directives issued');
  }

  /**
   * Two signed tasks from the chairman over the wards to the first ward, signed the way a client signs:
   * a key made here, enrolled with a certificate request, used, then forgotten (the server
   * keeps no private key; the chairman enrols his own to assign more).
   */
  private async seedTasks(): Promise<DemoSigner> {
    const [ward] = this.cast.wards;
    const chairman = await this.demoSigner(this.cast.over.chair);
    const { actor, keys, certificateId } = chairman;
    const userId = actor.principal.userId;
    const [{ id: officialId }]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [ward.official1],
    );
    const ahb = await this.unitId(ward.code);
    const tasks = [
      {
        title: 'Rà soát, lập danh sách hộ dân ven biển cần sơ tán khi có bão',
        description: `Lập danh sách theo từng tổ dân phố, có số điện thoại liên hệ; gửi về ${this.cast.over.name}.`,
        lead: { unitId: ahb },
        deadline: new Date(Date.now() + 5 * 86_400_000).toISOString(),
        priority: 2,
      },
      {
        title: 'Báo cáo số liệu cấp giấy phép xây dựng tháng này',
        description: 'Tổng hợp số hồ sơ tiếp nhận, đã giải quyết, trễ hạn; nêu nguyên nhân trễ hạn.',
        lead: { unitId: ahb, userId: officialId },
        deadline: new Date(Date.now() + 30 * 3_600_000).toISOString(),
        priority: 0,
      },
    ];
    const created = [];
    for (const task of tasks) {
      const content = {
        kind: ASSIGNMENT_KIND,
        ...task,
        coordinators: [],
        informed: [],
        source: null,
        assigner: userId,
        issuedAt: new Date().toISOString(),
        nonce: newNonce(webcrypto),
      };
      const signature = await signContent(webcrypto.subtle, keys.privateKey, content);
      created.push(
        await this.assignTask.execute(actor, {
          content,
          signature,
          certificateId,
        } as AssignTaskDto),
      );
    }
    // The official has started the second one and asks for more time: the chairman has a
    // decision waiting, and the official a task in progress.
    const official = await this.demoSigner(ward.official1);
    const task = created[1];
    let { version } = await this.workflow.accept(
      official.actor,
      task.id,
      await decision(official, task.id, 'accept', { version: task.version }),
    );
    ({ version } = await this.workflow.report(
      official.actor,
      task.id,
      await decision(official, task.id, 'report', {
        version,
        percent: 40,
        text: 'Đã tổng hợp xong số hồ sơ của 4/9 tổ dân phố.',
      }),
    ));
    await this.workflow.requestExtension(
      official.actor,
      task.id,
      await decision(official, task.id, 'request_extension', {
        version,
        deadline: new Date(Date.now() + 4 * 86_400_000).toISOString(),
        reason: `Chờ số liệu đối chiếu của Sở Xây dựng.`,
      }),
    );
    this.logger.log('Demo tasks assigned (signed), one in progress with an extension request');
    return chairman;
  }

  /**
   * A demo person's signing key, made here and enrolled with a certificate request the way a
   * client does; the server keeps no private key (the person enrols their own to sign more).
   */
  private async demoSigner(username: string): Promise<DemoSigner> {
    const [{ id }]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [username],
    );
    const actor = { principal: await this.auth.loadPrincipal(id, null) };
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const certificate = await this.certificates.enrol(
      actor,
      await createCertificateRequest(keys, actor.principal.fullName, webcrypto),
      actor.principal.positions[0].positionId,
    );
    return { actor, keys, certificateId: certificate.id };
  }

  /**
   * The clerk over the wards registers two incoming documents from the level above: one waits
   * with the chairman for annotation, the other he has annotated, assigning two wards — so
   * the register, the trail and the follow-up all open with something in them.
   */
  private async seedDocuments(chairman: DemoSigner): Promise<void> {
    const [{ id: clerkId }]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [this.cast.over.clerk],
    );
    const [first, second] = this.cast.wards;
    const clerk = { principal: await this.auth.loadPrincipal(clerkId, null) };
    const fromCity = {
      organName: this.cast.sender.organName,
      organId: this.cast.sender.organId,
      issuedDate: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
      typeName: 'Công văn',
      signerName: this.cast.sender.signerName,
      signerPosition: 'Chủ tịch',
    };
    const waiting = await this.documents.registerIncoming(clerk, {
      ...fromCity,
      codeNumber: '4120',
      codeNotation: 'UBND-KT',
      subject: 'Về việc triển khai thu phí vệ sinh môi trường năm 2027',
      priority: 0,
      dueDate: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    });
    await this.documents.route(clerk, waiting.id, {
      toUserId: chairman.actor.principal.userId,
      note: 'Kính trình đồng chí Chủ tịch cho ý kiến chỉ đạo.',
      version: waiting.version,
    });
    const annotated = await this.documents.registerIncoming(clerk, {
      ...fromCity,
      codeNumber: '4087',
      codeNotation: 'UBND-VP',
      subject: 'Về việc kiểm tra, xử lý các điểm tập kết rác thải tự phát ven biển',
      priority: 1,
      dueDate: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    const content = {
      kind: ANNOTATION_KIND,
      subject: { type: 'document' as const, id: annotated.id },
      text: `Giao UBND ${first.name} chủ trì, ${second.name} phối hợp kiểm tra, xử lý dứt điểm; báo cáo kết quả trước hạn.`,
      assignments: [
        {
          title: `Kiểm tra, xử lý điểm tập kết rác tự phát ven biển ${first.name}`,
          lead: { unitId: await this.unitId(first.code) },
          coordinators: [{ unitId: await this.unitId(second.code) }],
          informed: [],
          deadline: new Date(Date.now() + 6 * 86_400_000).toISOString(),
          priority: 1,
        },
        {
          title: `Lắp biển cấm đổ rác tại bãi biển ${second.name}`,
          lead: { unitId: await this.unitId(second.code) },
          coordinators: [],
          informed: [],
          deadline: new Date(Date.now() + 36 * 3_600_000).toISOString(),
          priority: 1,
        },
      ],
      author: chairman.actor.principal.userId,
      issuedAt: new Date().toISOString(),
      nonce: newNonce(webcrypto),
    };
    await this.annotate.execute(chairman.actor, {
      content,
      signature: await signContent(webcrypto.subtle, chairman.keys.privateKey, content),
      certificateId: chairman.certificateId,
    } as AnnotateDto);
    this.logger.log('Demo documents registered, one annotated (signed) into two tasks');
  }

  /**
   * This week's briefing (giao ban) over the wards, opened three days ago for three wards: the
   * first reported on time, the second after the cut-off (two hours ago), the third not at all —
   * the meeting is in an hour, and the chairman has already commented one item.
   */
  private async seedBriefing(): Promise<void> {
    const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    const { over, wards: cast } = this.cast;
    const chairman = await this.as(over.chair);
    const wards = {
      ahb: await this.unitId(cast[0].code),
      mth: await this.unitId(cast[1].code),
      pmy: await this.unitId(cast[2].code),
    };
    const opened = await this.openBriefing.execute(
      chairman,
      {
        unitId: await this.unitId(over.code),
        title: `Giao ban ${over.name} với các phường`,
        meetingAt: ago(-1).toISOString(),
        cutoffAt: ago(2).toISOString(),
        units: [wards.ahb, wards.mth, wards.pmy],
      },
      undefined,
      ago(72),
    );
    const reporter = (id: string) => opened.reporters.find((r) => r.unit.id === id)!.id;
    await this.submitReport.execute(
      await this.as(cast[0].chair),
      opened.id,
      reporter(wards.ahb),
      {
        done: [
          { text: 'Ra quân tổng vệ sinh môi trường tuyến biển Phạm Văn Đồng, thu gom 3 tấn rác thải.' },
          { text: 'Tiếp nhận 52 hồ sơ thủ tục hành chính, giải quyết đúng hạn 100%.' },
        ],
        plan: [
          { text: 'Rà soát danh sách hộ dân ven biển cần sơ tán khi có bão.' },
          { text: 'Kiểm tra trật tự xây dựng tại tổ 23, 24.' },
        ],
        issues: [{ text: `Đề nghị ${over.short} bố trí kinh phí sửa chữa nhà văn hóa tổ 12.` }],
      },
      ago(48),
    );
    const mth = await this.submitReport.execute(
      await this.as(cast[1].chair),
      opened.id,
      reporter(wards.mth),
      {
        done: [{ text: 'Vận động 12 hộ dân bàn giao mặt bằng dự án tuyến đường ven biển.' }],
        plan: [{ text: 'Tổ chức đối thoại với 5 hộ dân còn lại.' }],
        issues: [{ text: 'Tiến độ giải phóng mặt bằng còn chậm do vướng mắc về giá bồi thường.' }],
      },
      ago(1),
    );
    const issue = mth.reporters.find((r) => r.unit.id === wards.mth)!.report!.issues[0];
    await this.commentItem.execute(chairman, opened.id, issue.id, {
      text: 'Giao Phòng Tài nguyên và Môi trường phối hợp phường rà soát đơn giá, báo cáo tại cuộc họp.',
    });
    this.logger.log('Demo briefing opened: two reports (one late), one missing');
  }

  /**
   * This week's work schedule of the unit over the wards, drafted by its office's clerk and
   * published by its chairman (lịch công tác tuần).
   */
  private async seedSchedule(): Promise<void> {
    const { over } = this.cast;
    const now = vietnamIsoWeek(new Date());
    const week = weekLabel(now);
    const monday = parseScheduleWeek(week).start.getTime();
    const at = (hours: number) => new Date(monday + hours * 3_600_000).toISOString();
    const clerk = await this.as(over.clerk);
    const chairman = await this.as(over.chair);
    const leaders = [chairman.principal.userId];
    const draft = await this.schedules.create(clerk, { unitId: await this.unitId(over.code), week });
    const place = `Phòng họp ${over.name}`;
    const saved = await this.schedules.saveEntries(clerk, draft.id, {
      version: draft.version,
      entries: [
        { startsAt: at(1), endsAt: at(3), place, content: 'Giao ban lãnh đạo đầu tuần', leaderIds: leaders },
        {
          startsAt: at(31),
          endsAt: at(34),
          place: 'Trụ sở Tiếp công dân',
          content: 'Tiếp công dân định kỳ',
          leaderIds: leaders,
          preparer: 'Ban Tiếp công dân',
        },
        {
          startsAt: at(73),
          place: `Các phường ven biển (${this.cast.wards.map((w) => w.name).join(', ')})`,
          content: 'Kiểm tra công tác phòng, chống bão',
          leaderIds: leaders,
          participants: 'Chủ tịch UBND các phường, lực lượng xung kích',
        },
      ],
    });
    await this.schedules.publish(chairman, draft.id, saved.version);
    this.logger.log('Demo work schedule published for this week');
  }

  /**
   * The one-stop counter of the first ward: this year's and next year's public holidays (as an
   * admin enters them when the Government announces them), two procedures of the ward's
   * catalogue, and a citizen's file received this morning.
   */
  private async seedOneStop(): Promise<void> {
    const admin = await this.as(this.cast.city.admin);
    for (const [year, days] of Object.entries(DEMO_HOLIDAYS))
      await this.holidays.replaceYear(admin, Number(year), { days });
    const ward = this.cast.wards[0];
    const wardId = await this.unitId(ward.code);
    const chair = await this.as(ward.chair);
    const birth = await this.procedures.create(chair, {
      unitId: wardId,
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      papers: [
        { name: 'Tờ khai đăng ký khai sinh', original: true, copies: 1 },
        { name: 'Giấy chứng sinh', original: true, copies: 1 },
      ],
      processingDays: 1,
      steps: [
        { name: 'Công chức tư pháp – hộ tịch kiểm tra, ghi sổ', unitId: wardId, role: 'official', days: 1 },
        { name: 'Chủ tịch UBND ký giấy khai sinh', unitId: wardId, role: 'leader', days: 0 },
      ],
    });
    await this.procedures.create(chair, {
      unitId: wardId,
      code: '1.004873',
      name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      field: 'Hộ tịch',
      papers: [{ name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', original: true, copies: 1 }],
      processingDays: 3,
      steps: [
        { name: 'Công chức tư pháp – hộ tịch xác minh', unitId: wardId, role: 'official', days: 2 },
        { name: 'Chủ tịch UBND ký giấy xác nhận', unitId: wardId, role: 'leader', days: 1 },
      ],
    });
    const counter = await this.as(ward.official1);
    const file = await this.citizenFiles.receive(counter, {
      procedureId: birth.id,
      applicant: { fullName: 'Nguyễn Thị Hoa', phone: '0905111222' },
      papers: birth.papers,
    });
    this.logger.log(`Demo one-stop counter: 2 procedures, file ${file.code} received`);
  }

  /** A demo person as an actor, loaded as a request would load them. */
  private async as(username: string) {
    const [{ id }]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM users WHERE username = $1',
      [username],
    );
    return { principal: await this.auth.loadPrincipal(id, null) };
  }

  private async unitId(code: string): Promise<string> {
    const [{ id }]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM org_units WHERE code = $1',
      [code],
    );
    return id;
  }

  /**
   * A ward's channel with an announcement to acknowledge and a mention, a direct exchange between
   * the chairman over the wards and the ward's, and a thread on the ward's demo task.
   */
  private async seedChat(): Promise<void> {
    const [ward] = this.cast.wards;
    const chairman = await this.as(ward.chair);
    const official = await this.as(ward.official1);
    const colleague = await this.as(ward.official2);
    await this.chatChannels.mine(chairman);
    const [{ id: wardChannel }]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM chat_channels WHERE unit_id = $1',
      [await this.unitId(ward.code)],
    );
    await this.postMessage.execute(chairman, wardChannel, {
      body: 'Thông báo: sáng thứ Hai, 7 giờ 30, giao ban trực tuyến trên hệ thống.\nĐề nghị các đồng chí xác nhận đã nhận và nộp báo cáo tuần trước 16 giờ thứ Sáu.',
      announcement: { ackDueAt: new Date(Date.now() + 2 * 86_400_000).toISOString() },
    });
    await this.postMessage.execute(official, wardChannel, {
      body: 'Tiến độ thu phí vệ sinh môi trường tuần này đạt 85%, còn tổ 12 và tổ 15 chưa nộp.',
    });
    await this.postMessage.execute(official, wardChannel, {
      body: `@${colleague.principal.fullName} anh tổng hợp giúp số liệu tổ 15 trước 10 giờ mai nhé.`,
      mentions: [colleague.principal.userId],
    });
    const district = await this.as(this.cast.over.chair);
    const direct = await this.chatChannels.direct(district, chairman.principal.userId);
    await this.postMessage.execute(district, direct.id, {
      body: 'Đề nghị phường chuẩn bị giúp số liệu giải phóng mặt bằng đường Lê Văn Duyệt cho buổi giao ban nhé.',
    });
    await this.postMessage.execute(chairman, direct.id, {
      body: 'Dạ, phường sẽ gửi trước 16 giờ chiều nay.',
    });
    const [task]: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM tasks WHERE lead_unit_id = $1 ORDER BY created_at LIMIT 1',
      [await this.unitId(ward.code)],
    );
    if (task) {
      const thread = await this.chatChannels.thread(chairman, 'task', task.id);
      await this.postMessage.execute(chairman, thread.id, {
        body: 'Đề nghị bộ phận địa chính rà soát lại danh sách hộ trước khi báo cáo tiến độ.',
      });
    }
    this.logger.log(
      'Demo messages posted: a ward channel with an announcement, a direct exchange, a task thread',
    );
  }
}
