import { Injectable, OnModuleInit } from '@nestjs/common';
import { PushNotices } from '@lt/push';
import type { Static } from '@sinclair/typebox';
import { directiveIssuedNotice } from './directive-notice';
import type {
  DirectiveEscalatedPayload,
  DirectiveReminderPayload,
  DirectiveSummary,
} from './directive-events';

/** How directives read as system notifications on a browser with no tab open (libs/push). */
@Injectable()
export class DirectivePushNotices implements OnModuleInit {
  constructor(private readonly notices: PushNotices) {}

  onModuleInit(): void {
    this.notices.register('directive.issued', (p) => directiveIssuedNotice(p as unknown as DirectiveSummary));
    this.notices.register('directive.reminder', (p) => {
      const d = p as unknown as Static<typeof DirectiveReminderPayload>;
      return {
        title: `Nhắc xác nhận chỉ đạo ${d.notation}`,
        body: `${d.subject}\n${d.remindedBy} nhắc bạn xác nhận đã nhận.`,
        url: '/#/directives',
        tag: `directive:${d.directiveId}`,
      };
    });
    this.notices.register('directive.escalated', (p) => {
      const d = p as unknown as Static<typeof DirectiveEscalatedPayload>;
      return {
        title: `Báo cáo vượt cấp: ${d.unitName} chưa xác nhận ${d.notation}`,
        body: `${d.subject}\nChưa xác nhận: ${d.people.map((x) => x.fullName).join(', ')}`,
        url: '/#/issue',
        tag: `directive-escalated:${d.directiveId}:${d.unitId}`,
      };
    });
  }
}
