/** Vietnamese names of audited actions, for the summary; an unknown one shows its code. */
const ACTIONS: Record<string, string> = {
  'task.assign': 'Giao nhiệm vụ',
  'task.accept': 'Tiếp nhận',
  'task.return': 'Trả lại',
  'task.start': 'Bắt đầu thực hiện',
  'task.report': 'Báo cáo tiến độ',
  'task.submit': 'Báo cáo kết quả',
  'task.complete': 'Công nhận hoàn thành',
  'task.reopen': 'Mở lại',
  'task.cancel': 'Hủy nhiệm vụ',
  'task.request_extension': 'Xin gia hạn',
  'task.approve_extension': 'Duyệt gia hạn',
  'task.refuse_extension': 'Không duyệt gia hạn',
  'task.explain': 'Giải trình, thư xin lỗi',
  'task.contribute': 'Ý kiến phối hợp',
  'task.acknowledge': 'Đã biết',
  'task.urge': 'Đôn đốc',
  'task.overdue': 'Quá hạn',
  'task.escalation_step': 'Báo cáo vượt cấp',
  'directive.issue': 'Ban hành chỉ đạo',
  'directive.escalate': 'Báo cáo cấp trên',
  'discipline_case.decide': 'Quyết định xử lý trễ hạn',
  'directive.acknowledge': 'Xác nhận đã nhận',
  'directive.read': 'Đã xem',
  'directive.remind': 'Nhắc nhở',
  'directive.escalation_step': 'Báo cáo vượt cấp',
  'annotation.sign': 'Bút phê (ký số)',
  'evidence.export': 'Tải hồ sơ chứng cứ',
};

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}
