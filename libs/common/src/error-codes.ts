/**
 * The stable, machine-readable error codes of the API, in one place (after hoppscotch's
 * errors.ts). Clients switch on `code`, never on the message. Messages are Vietnamese
 * first, English alongside. Adding a code is fine; renaming one is a breaking change.
 */
export const ERROR_CATALOGUE = {
  'request/validation_failed': {
    status: 400,
    vi: 'Dữ liệu gửi lên không hợp lệ.',
    en: 'The request data is invalid.',
  },
  'request/malformed_json': {
    status: 400,
    vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: 'The request body is not valid JSON.',
  },
  'request/too_large': { status: 413, vi: 'Nội dung gửi lên quá lớn.', en: 'The request body is too large.' },
  'request/not_found': { status: 404, vi: 'Không tìm thấy địa chỉ yêu cầu.', en: 'No such route.' },
  'request/conflict_version': {
    status: 409,
    vi: 'Dữ liệu đã được người khác thay đổi; hãy tải lại rồi thử lại.',
    en: 'Someone else changed this record; reload it and try again.',
  },
  'auth/invalid_credentials': {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'Wrong username or password.',
  },
  'auth/too_many_attempts': {
    status: 429,
    vi: 'Đăng nhập sai quá nhiều lần; hãy thử lại sau.',
    en: 'Too many failed sign-ins; try again later.',
  },
  'auth/token_missing': { status: 401, vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' },
  'auth/token_invalid': {
    status: 401,
    vi: 'Phiên đăng nhập không hợp lệ.',
    en: 'The access token is invalid.',
  },
  'auth/token_expired': {
    status: 401,
    vi: 'Phiên đăng nhập đã hết hạn.',
    en: 'The access token has expired.',
  },
  'auth/session_revoked': {
    status: 401,
    vi: 'Phiên đăng nhập đã bị thu hồi.',
    en: 'This session was signed out or revoked.',
  },
  'auth/account_disabled': { status: 401, vi: 'Tài khoản đã bị khóa.', en: 'This account is disabled.' },
  'auth/refresh_invalid': {
    status: 401,
    vi: 'Mã làm mới phiên không hợp lệ.',
    en: 'The refresh token is invalid or expired.',
  },
  'auth/refresh_reused': {
    status: 401,
    vi: 'Mã làm mới phiên đã được dùng; phiên đã bị thu hồi để bảo vệ tài khoản.',
    en: 'The refresh token was already used; the session was revoked to protect the account.',
  },
  'access/forbidden': {
    status: 403,
    vi: 'Bạn không có quyền thực hiện thao tác này với đơn vị này.',
    en: 'You may not do this in this unit.',
  },
  'org/unit_not_found': { status: 404, vi: 'Không tìm thấy đơn vị.', en: 'Unit not found.' },
  'org/unit_code_taken': {
    status: 409,
    vi: 'Mã đơn vị đã được dùng.',
    en: 'The unit code is already in use.',
  },
  'org/organ_id_taken': {
    status: 409,
    vi: 'Mã định danh cơ quan đã được dùng.',
    en: 'The organisation identifier is already in use.',
  },
  'org/move_into_descendant': {
    status: 422,
    vi: 'Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.',
    en: 'A unit cannot move under itself or one of its descendants.',
  },
  'org/root_unit': {
    status: 422,
    vi: 'Không thể thao tác này với đơn vị gốc.',
    en: 'This cannot be done to a root unit.',
  },
  'org/parent_inactive': {
    status: 409,
    vi: 'Đơn vị cấp trên đã ngừng hoạt động.',
    en: 'The parent unit is deactivated.',
  },
  'org/unit_has_people': {
    status: 409,
    vi: 'Đơn vị vẫn còn cán bộ; hãy chuyển hoặc gỡ chức vụ của họ trước.',
    en: 'The unit still has people; move them or remove their positions first.',
  },
  'org/unit_has_children': {
    status: 409,
    vi: 'Đơn vị vẫn còn đơn vị trực thuộc đang hoạt động.',
    en: 'The unit still has active sub-units.',
  },
  'org/unit_inactive': { status: 409, vi: 'Đơn vị đã ngừng hoạt động.', en: 'The unit is deactivated.' },
  'org/unit_in_use': {
    status: 409,
    vi: 'Đơn vị đã có dữ liệu liên quan nên không thể xóa; hãy ngừng hoạt động đơn vị.',
    en: 'The unit has related records and cannot be deleted; deactivate it instead.',
  },
  'person/not_found': { status: 404, vi: 'Không tìm thấy cán bộ.', en: 'Person not found.' },
  'person/username_taken': {
    status: 409,
    vi: 'Tên đăng nhập đã tồn tại.',
    en: 'The username is already taken.',
  },
  'person/position_exists': {
    status: 409,
    vi: 'Cán bộ đã giữ chức vụ này tại đơn vị.',
    en: 'The person already holds this position.',
  },
  'person/position_not_found': { status: 404, vi: 'Không tìm thấy chức vụ.', en: 'Position not found.' },
  'person/last_position': {
    status: 409,
    vi: 'Không thể gỡ chức vụ cuối cùng; hãy khóa tài khoản nếu cán bộ nghỉ việc.',
    en: 'Cannot remove the last position; disable the account instead.',
  },
  'person/not_in_unit': {
    status: 409,
    vi: 'Cán bộ không giữ chức vụ tại đơn vị này.',
    en: 'The person holds no position in that unit.',
  },
  'import/invalid_rows': {
    status: 422,
    vi: 'Tệp nhập có dòng lỗi; không có dữ liệu nào được nhập.',
    en: 'The import file has invalid rows; nothing was imported.',
  },
  'directive/not_found': { status: 404, vi: 'Không tìm thấy văn bản chỉ đạo.', en: 'Directive not found.' },
  'directive/target_outside_reach': {
    status: 403,
    vi: 'Chỉ được gửi chỉ đạo tới đơn vị trực thuộc đơn vị ban hành.',
    en: 'A directive may only target units under the issuing unit.',
  },
  'directive/no_recipients': {
    status: 422,
    vi: 'Không có cán bộ nào thuộc đối tượng nhận; hãy kiểm tra lại đơn vị và chức vụ nhận.',
    en: 'Nobody matches the targets; check the units and positions chosen.',
  },
  'directive/number_taken': {
    status: 409,
    vi: 'Số, ký hiệu văn bản đã được dùng trong năm; hãy thử lại.',
    en: 'That number and symbol is already used this year; try again.',
  },
  'directive/recalled': {
    status: 409,
    vi: 'Văn bản chỉ đạo đã bị thu hồi.',
    en: 'The directive was recalled.',
  },
  'directive/ack_not_required': {
    status: 422,
    vi: 'Văn bản này không yêu cầu xác nhận đã nhận.',
    en: 'This directive does not ask for acknowledgement.',
  },
  'directive/reminder_too_soon': {
    status: 429,
    vi: 'Vừa gửi nhắc nhở; hãy chờ một lúc rồi nhắc lại.',
    en: 'A reminder was just sent; wait a little before reminding again.',
  },
  'directive/ack_due_in_past': {
    status: 422,
    vi: 'Hạn xác nhận phải sau thời điểm ban hành.',
    en: 'The acknowledgement deadline must be in the future.',
  },
  'directive/idempotency_conflict': {
    status: 409,
    vi: 'Khóa chống gửi lặp đã được dùng cho một văn bản khác.',
    en: 'This idempotency key was already used for a different directive.',
  },
  'file/not_found': { status: 404, vi: 'Không tìm thấy tệp đính kèm.', en: 'Attachment not found.' },
  'file/too_large': { status: 413, vi: 'Tệp đính kèm quá lớn.', en: 'The attachment is too large.' },
  'file/type_not_allowed': {
    status: 415,
    vi: 'Loại tệp không được phép; chỉ nhận PDF, Word, Excel, OpenDocument, ảnh PNG/JPEG và văn bản thuần.',
    en: 'File type not allowed; PDF, Word, Excel, OpenDocument, PNG/JPEG images and plain text are accepted.',
  },
  'file/missing': { status: 400, vi: 'Chưa chọn tệp để tải lên.', en: 'No file was uploaded.' },
  'file/already_attached': {
    status: 409,
    vi: 'Tệp đã được đính kèm vào văn bản khác.',
    en: 'The file is already attached elsewhere.',
  },
  'feed/cursor_invalid': {
    status: 400,
    vi: 'Con trỏ sự kiện không hợp lệ.',
    en: 'The feed cursor is invalid.',
  },
  'feed/cursor_expired': {
    status: 410,
    vi: 'Dữ liệu quá cũ đã được dọn; hãy tải lại toàn bộ.',
    en: 'Events after this cursor were pruned; reload everything.',
  },
  'realtime/unknown_event': { status: 400, vi: 'Sự kiện không được hỗ trợ.', en: 'Unknown event.' },
  'realtime/rate_limited': {
    status: 429,
    vi: 'Gửi quá nhiều yêu cầu; hãy chậm lại.',
    en: 'Too many events; slow down.',
  },
  'internal/error': {
    status: 500,
    vi: 'Lỗi hệ thống; vui lòng thử lại sau.',
    en: 'Internal error; please try again later.',
  },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
