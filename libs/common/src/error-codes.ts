/**
 * The stable, machine-readable error codes of the API, in one place (after hoppscotch's
 * errors.ts). Clients switch on `code`, never on the message. Messages are Vietnamese
 * first, English alongside. Adding a code is fine; renaming one is a breaking change.
 */
export const ERROR_CATALOGUE = {
  'request/rate_limited': {
    status: 429,
    vi: 'Bạn gửi quá nhiều trong một phút; hãy chờ rồi gửi lại.',
    en: 'Too many posts in a minute; wait, then send again.',
  },
  'request/validation_failed': {
    status: 400,
    vi: 'Dữ liệu gửi lên không hợp lệ.',
    en: 'The request data is invalid.',
  },
  'request/unstorable_value': {
    status: 400,
    vi: 'Có giá trị không lưu được: quá dài, chứa ký tự không hợp lệ, hoặc ngày giờ không tồn tại.',
    en: 'A value cannot be stored: too long, an invalid character, or a date and time that does not exist.',
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
  'chat/channel_read_only': {
    status: 409,
    vi: 'Đơn vị của kênh này đã sáp nhập hoặc ngừng hoạt động: kênh chỉ còn để đọc; hãy trao đổi trong kênh của đơn vị hiện nay.',
    en: "This channel's unit was merged or deactivated: the channel is read-only; write in the current unit's channel.",
  },
  'one_stop/procedure_not_found': {
    status: 404,
    vi: 'Không tìm thấy thủ tục hành chính.',
    en: 'Procedure not found.',
  },
  'one_stop/procedure_code_taken': {
    status: 409,
    vi: 'Đơn vị đã có thủ tục mang mã này.',
    en: 'The unit already has a procedure with this code.',
  },
  'one_stop/procedure_inactive': {
    status: 422,
    vi: 'Thủ tục này không còn được tiếp nhận tại bộ phận một cửa.',
    en: 'This procedure is no longer received at the counter.',
  },
  'one_stop/steps_exceed_time': {
    status: 422,
    vi: 'Tổng thời gian các bước vượt quá thời hạn giải quyết của thủ tục.',
    en: "The steps' working days add up to more than the procedure's legal time.",
  },
  'one_stop/step_unit_invalid': {
    status: 422,
    vi: 'Đơn vị xử lý của một bước không tồn tại, đã ngừng hoạt động hoặc không thuộc cùng hệ thống.',
    en: "A step's unit does not exist, is inactive, or lies outside this deployment's tree.",
  },
  'one_stop/papers_missing': {
    status: 422,
    vi: 'Hồ sơ chưa đủ thành phần: hãy hướng dẫn công dân bổ sung trước khi tiếp nhận.',
    en: 'Papers the procedure asks for are missing: guide the citizen to complete the file first.',
  },
  'one_stop/contact_required': {
    status: 400,
    vi: 'Cần ít nhất số điện thoại hoặc thư điện tử của người nộp hồ sơ để báo kết quả.',
    en: "The applicant's phone number or e-mail is needed, to tell them of the result.",
  },
  'one_stop/lookup_not_found': {
    status: 404,
    vi: 'Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Hãy kiểm tra lại giấy tiếp nhận.',
    en: 'No file has this code and lookup PIN. Check the receipt.',
  },
  'one_stop/file_not_found': { status: 404, vi: 'Không tìm thấy hồ sơ.', en: 'File not found.' },
  'one_stop/not_step_handler': {
    status: 403,
    vi: 'Bước đang xử lý của hồ sơ không thuộc chức vụ của đồng chí.',
    en: "The file's current step is not yours to handle.",
  },
  'one_stop/not_counter': {
    status: 403,
    vi: 'Chỉ bộ phận một cửa của đơn vị tiếp nhận mới thực hiện được việc này.',
    en: "Only the receiving unit's counter does this.",
  },
  'one_stop/late_requires_apology': {
    status: 423,
    vi: 'Hồ sơ đã trễ hẹn: người xử lý bước này phải nộp giải trình và thư xin lỗi gửi công dân (kèm ngày hẹn mới) thì hồ sơ mới tiếp tục được.',
    en: 'The file is late: whoever handles this step must file an explanation and an apology letter to the citizen (with a new appointment) before it can move on.',
  },
  'one_stop/not_late': {
    status: 409,
    vi: 'Hồ sơ không ở tình trạng trễ hẹn chờ thư xin lỗi.',
    en: 'The file is not late awaiting an apology letter.',
  },
  'one_stop/bad_new_appointment': {
    status: 422,
    vi: 'Ngày hẹn mới phải là một ngày làm việc sau hôm nay.',
    en: 'The new appointment must be a working day after today.',
  },
  'one_stop/not_returned': {
    status: 409,
    vi: 'Chỉ đánh giá được sau khi đã nhận kết quả.',
    en: 'The service can be rated once the result has been handed back.',
  },
  'one_stop/already_rated': {
    status: 409,
    vi: 'Hồ sơ này đã được đánh giá; mỗi hồ sơ đánh giá một lần.',
    en: 'This file has already been rated; one rating per file.',
  },
  'feedback/not_found': {
    status: 404,
    vi: 'Không tìm thấy góp ý, phản ánh với mã và mã tra cứu này.',
    en: 'No feedback with this code and PIN.',
  },
  'feedback/unit_not_open': {
    status: 422,
    vi: 'Đơn vị này không nhận góp ý, phản ánh qua hòm thư; hãy chọn đơn vị trong danh sách.',
    en: 'This unit does not take feedback through the mailbox; choose one from the list.',
  },
  'feedback/already_answered': {
    status: 409,
    vi: 'Góp ý, phản ánh này đã được trả lời.',
    en: 'This feedback has already been answered.',
  },
  'one_stop/wrong_state': {
    status: 409,
    vi: 'Hồ sơ không ở trạng thái cho phép thao tác này (có thể vừa được người khác xử lý); hãy tải lại.',
    en: 'The file is not in a state that allows this (perhaps someone just acted on it); reload.',
  },
  'one_stop/holiday_outside_year': {
    status: 422,
    vi: 'Có ngày nghỉ không thuộc năm đang nhập hoặc không phải ngày hợp lệ.',
    en: 'A holiday is not a real day of the year being entered.',
  },
  'one_stop/idempotency_conflict': {
    status: 422,
    vi: 'Khóa Idempotency-Key này đã dùng cho một hồ sơ khác.',
    en: 'This Idempotency-Key was used for a different file.',
  },
  'reorganisation/target_required': {
    status: 400,
    vi: 'Cần chọn đúng một đơn vị tiếp nhận: đơn vị có sẵn hoặc đơn vị mới.',
    en: 'Name exactly one resulting unit: an existing one or a new one.',
  },
  'reorganisation/target_is_source': {
    status: 422,
    vi: 'Đơn vị tiếp nhận không thể đồng thời là đơn vị bị sáp nhập.',
    en: 'The resulting unit cannot also be one of the units merged.',
  },
  'reorganisation/across_tree': {
    status: 422,
    vi: 'Chỉ sáp nhập các đơn vị cùng cấp, không đơn vị nào là cấp trên của đơn vị khác (và không sáp nhập đơn vị gốc).',
    en: 'Only units of one level merge, none above another (and never the root unit).',
  },
  'reorganisation/unit_inactive': {
    status: 409,
    vi: 'Đơn vị đã được sáp nhập hoặc ngừng hoạt động (có thể do một thao tác khác vừa thực hiện); hãy tải lại.',
    en: 'A unit was merged or deactivated already (perhaps just now, by someone else); reload.',
  },
  'reorganisation/split_needs_people': {
    status: 400,
    vi: 'Chia tách đơn vị: chọn một đơn vị và những cán bộ chuyển sang đơn vị mới.',
    en: 'A split names one unit and the people who move.',
  },
  'reorganisation/person_not_in_unit': {
    status: 422,
    vi: 'Có cán bộ được chọn không thuộc đơn vị chia tách.',
    en: 'Someone named does not hold a position in the unit split.',
  },
  'reorganisation/rename_required': {
    status: 400,
    vi: 'Đổi tên, đổi mã: chọn một đơn vị và nhập tên, mã hoặc mã định danh mới (không chọn đơn vị tiếp nhận).',
    en: 'A renaming names one unit and its new name, code or OrganId (and no resulting unit).',
  },
  'reorganisation/rename_unchanged': {
    status: 422,
    vi: 'Tên, mã và mã định danh mới trùng với hiện tại: không có gì thay đổi.',
    en: 'The new name, code and OrganId are the current ones: nothing would change.',
  },
  'reorganisation/effective_in_future': {
    status: 422,
    vi: 'Ngày hiệu lực chưa đến: hãy xem trước ngay bây giờ và thực hiện vào ngày đó.',
    en: 'The effective date is ahead: preview now, carry it out on that day.',
  },
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
  'file/draft_quota': {
    status: 413,
    vi: 'Bạn có quá nhiều tệp đã tải lên mà chưa đính kèm; hãy gửi văn bản kèm chúng, hoặc chờ hệ thống dọn các tệp cũ.',
    en: 'You have too many uploads not yet attached; send the record they belong to, or wait for old ones to be cleared.',
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
  'certificate/not_found': { status: 404, vi: 'Không tìm thấy chứng thư số.', en: 'Certificate not found.' },
  'certificate/request_invalid': {
    status: 400,
    vi: 'Yêu cầu cấp chứng thư số không hợp lệ (phải là PKCS#10 dạng PEM, ký bằng chính khóa cần cấp).',
    en: 'The certificate request is invalid (a PEM PKCS#10 request signed with the key itself is required).',
  },
  'certificate/key_not_p256': {
    status: 422,
    vi: 'Khóa phải là khóa ECDSA trên đường cong P-256.',
    en: 'The key must be an ECDSA P-256 key.',
  },
  'certificate/key_already_enrolled': {
    status: 409,
    vi: 'Khóa này đã được cấp chứng thư; hãy tạo khóa mới.',
    en: 'This key was already enrolled; generate a new key.',
  },
  'certificate/position_not_held': {
    status: 422,
    vi: 'Bạn không giữ chức vụ được chọn cho chứng thư.',
    en: 'You do not hold the position chosen for the certificate.',
  },
  'certificate/already_revoked': {
    status: 409,
    vi: 'Chứng thư số đã bị thu hồi trước đó.',
    en: 'The certificate is already revoked.',
  },
  'signature/malformed': {
    status: 400,
    vi: 'Chữ ký không đúng định dạng (ES256: 64 byte r‖s, mã hóa base64url).',
    en: 'The signature is malformed (ES256: 64-byte r‖s, base64url).',
  },
  'signature/invalid': {
    status: 422,
    vi: 'Chữ ký số không khớp với nội dung; nội dung có thể đã bị sửa đổi.',
    en: 'The signature does not match the content; it may have been altered.',
  },
  'signature/certificate_not_found': {
    status: 422,
    vi: 'Không tìm thấy chứng thư số dùng để ký.',
    en: 'The signing certificate was not found.',
  },
  'signature/certificate_not_yours': {
    status: 403,
    vi: 'Chứng thư số dùng để ký không phải của bạn.',
    en: 'The signing certificate belongs to someone else.',
  },
  'signature/certificate_revoked': {
    status: 422,
    vi: 'Chứng thư số đã bị thu hồi; hãy đăng ký khóa mới.',
    en: 'The signing certificate is revoked; enrol a new key.',
  },
  'signature/certificate_expired': {
    status: 422,
    vi: 'Chứng thư số đã hết hạn hoặc chưa có hiệu lực.',
    en: 'The signing certificate has expired or is not yet valid.',
  },
  'signature/certificate_untrusted': {
    status: 422,
    vi: 'Chứng thư số không do tổ chức cấp chứng thực của hệ thống cấp.',
    en: "The signing certificate was not issued by this deployment's CA.",
  },
  'signature/position_not_held': {
    status: 403,
    vi: 'Chứng thư số gắn với chức vụ bạn không còn giữ.',
    en: 'The certificate is bound to a position you no longer hold.',
  },
  'signature/stale': {
    status: 422,
    vi: 'Thời điểm ký quá xa thời gian hiện tại; hãy ký lại.',
    en: 'The signing time is too far from now; sign again.',
  },
  'signature/nonce_reused': {
    status: 409,
    vi: 'Nội dung ký này đã được gửi trước đó (mã dùng một lần bị dùng lại).',
    en: 'This signed content was already submitted (nonce reused).',
  },
  'signature/signer_mismatch': {
    status: 422,
    vi: 'Người ký ghi trong nội dung ký không phải là bạn.',
    en: 'The signer named in the signed content is not you.',
  },
  'signature/decision_mismatch': {
    status: 422,
    vi: 'Nội dung ký không phải là quyết định này (khác văn bản, nhiệm vụ hoặc thao tác).',
    en: 'The signed content is not this decision (another item or action).',
  },
  'signature/kind_mismatch': {
    status: 422,
    vi: 'Nội dung ký không đúng loại yêu cầu.',
    en: 'The signed content is of the wrong kind for this request.',
  },
  'task/not_found': { status: 404, vi: 'Không tìm thấy nhiệm vụ.', en: 'Task not found.' },
  'task/assignee_outside_reach': {
    status: 403,
    vi: 'Chỉ được giao việc cho đơn vị, cán bộ thuộc phạm vi quản lý của mình.',
    en: 'Tasks may only be assigned to units and people within your reach.',
  },
  'task/person_not_in_unit': {
    status: 422,
    vi: 'Cán bộ được chọn không giữ chức vụ tại đơn vị đã nêu.',
    en: 'The person chosen holds no position in the unit given.',
  },
  'task/duplicate_party': {
    status: 422,
    vi: 'Một đơn vị hoặc cán bộ chỉ giữ một vai trò trong nhiệm vụ.',
    en: 'A unit or person can hold only one role in a task.',
  },
  'task/deadline_in_past': {
    status: 422,
    vi: 'Hạn xử lý phải sau thời điểm hiện tại.',
    en: 'The deadline must be in the future.',
  },
  'task/source_not_found': {
    status: 422,
    vi: 'Không tìm thấy nguồn giao việc (văn bản chỉ đạo, bút phê hoặc nhiệm vụ cha) trong phạm vi của bạn.',
    en: 'The source (directive, annotation or parent task) was not found within your reach.',
  },
  'task/parent_not_active': {
    status: 409,
    vi: 'Nhiệm vụ cha không còn đang thực hiện nên không thể giao việc con.',
    en: 'The parent task is not in progress, so sub-tasks cannot be assigned.',
  },
  'task/not_parent_lead': {
    status: 403,
    vi: 'Chỉ đơn vị, cán bộ chủ trì nhiệm vụ cha mới được giao việc con.',
    en: "Only the parent task's lead may assign sub-tasks.",
  },
  'task/transition_not_allowed': {
    status: 409,
    vi: 'Thao tác này không thực hiện được ở trạng thái hiện tại của nhiệm vụ.',
    en: "This action is not allowed in the task's current state.",
  },
  'task/not_allowed_for_role': {
    status: 403,
    vi: 'Vai trò của bạn trong nhiệm vụ không cho phép thao tác này.',
    en: 'Your role in this task does not allow this action.',
  },
  'task/overdue_requires_explanation': {
    status: 423,
    vi: 'Nhiệm vụ đã trễ hạn: phải nộp giải trình và thư xin lỗi gửi người giao việc thì mới tiếp tục được.',
    en: 'The task is overdue: file an explanation and an apology letter to the assigner before anything else.',
  },
  'task/not_overdue': {
    status: 409,
    vi: 'Nhiệm vụ không ở tình trạng trễ hạn chờ giải trình.',
    en: 'The task is not overdue awaiting an explanation.',
  },
  'task/extension_pending': {
    status: 409,
    vi: 'Đã có đề nghị gia hạn đang chờ xử lý.',
    en: 'An extension request is already pending.',
  },
  'task/no_pending_extension': {
    status: 409,
    vi: 'Không có đề nghị gia hạn nào đang chờ xử lý.',
    en: 'There is no pending extension request.',
  },
  'task/extension_not_later': {
    status: 422,
    vi: 'Hạn mới đề nghị phải sau hạn hiện tại.',
    en: 'The requested deadline must be later than the current one.',
  },
  'task/extension_outdated': {
    status: 409,
    vi: 'Đề nghị gia hạn không còn phù hợp (hạn xử lý đã thay đổi hoặc ngày đề nghị đã qua); hãy từ chối để cán bộ đề nghị lại.',
    en: 'The extension request is out of date (the deadline changed or the requested date has passed); refuse it so the lead can ask again.',
  },
  'task/urge_too_soon': {
    status: 429,
    vi: 'Nhiệm vụ vừa được đôn đốc; hãy chờ một lúc rồi đôn đốc lại.',
    en: 'This task was urged a moment ago; wait a little before urging it again.',
  },
  'task/idempotency_conflict': {
    status: 409,
    vi: 'Khóa chống gửi lặp đã được dùng cho một nhiệm vụ khác.',
    en: 'This idempotency key was already used for a different task.',
  },
  'task/already_acknowledged': {
    status: 409,
    vi: 'Bạn đã xác nhận nhiệm vụ này.',
    en: 'You already acknowledged this task.',
  },
  'push/endpoint_not_allowed': {
    status: 422,
    vi: 'Địa chỉ nhận thông báo không thuộc dịch vụ đẩy thông báo được phép (PUSH_SERVICE_ORIGINS).',
    en: 'The subscription endpoint is not at an allowed push service (PUSH_SERVICE_ORIGINS).',
  },
  'push/invalid_keys': {
    status: 422,
    vi: 'Khóa của đăng ký nhận thông báo không hợp lệ (p256dh phải là điểm P-256 65 byte, auth 16 byte, base64url).',
    en: 'The subscription keys are invalid (p256dh must be a 65-byte P-256 point, auth 16 bytes, base64url).',
  },
  'push/subscription_not_found': {
    status: 404,
    vi: 'Không tìm thấy đăng ký nhận thông báo của bạn với địa chỉ này.',
    en: 'You have no push subscription with this endpoint.',
  },
  'draft/not_found': { status: 404, vi: 'Không tìm thấy dự thảo.', en: 'Draft not found.' },
  'draft/unit_not_yours': {
    status: 403,
    vi: 'Chỉ soạn dự thảo cho đơn vị mình đang công tác.',
    en: 'You may draft only for a unit you hold a position in.',
  },
  'draft/idempotency_conflict': {
    status: 409,
    vi: 'Mã Idempotency-Key này đã dùng cho một dự thảo khác.',
    en: 'This Idempotency-Key was used for another draft.',
  },
  'draft/not_drafter': {
    status: 403,
    vi: 'Chỉ người soạn thảo được sửa hoặc trình dự thảo.',
    en: 'Only the drafter may revise or submit the draft.',
  },
  'draft/not_editable': {
    status: 409,
    vi: 'Dự thảo đang được trình ký hoặc đã ban hành; không sửa được.',
    en: 'The draft is under review or issued; it cannot be changed.',
  },
  'draft/reviewer_twice': {
    status: 422,
    vi: 'Một người chỉ có một lượt trong chuỗi trình ký.',
    en: 'A person appears only once in the review chain.',
  },
  'draft/reviewer_not_found': {
    status: 422,
    vi: 'Người duyệt phải công tác tại đơn vị soạn hoặc đơn vị cấp trên.',
    en: 'A reviewer must hold a position in the drafting unit or a unit above it.',
  },
  'draft/not_in_review': {
    status: 409,
    vi: 'Dự thảo không ở bước trình ký.',
    en: 'The draft is not under review.',
  },
  'draft/not_your_turn': {
    status: 403,
    vi: 'Chưa đến lượt đồng chí cho ý kiến về dự thảo này.',
    en: 'It is not your turn to review this draft.',
  },
  'draft/not_signer': {
    status: 403,
    vi: 'Chỉ người ký được chỉ định mới ký ban hành.',
    en: 'Only the named signer may sign it.',
  },
  'draft/not_approved': {
    status: 409,
    vi: 'Dự thảo chưa được duyệt xong; chưa ký ban hành được.',
    en: 'The draft has not been approved yet; it cannot be signed.',
  },
  'draft/already_issued': {
    status: 409,
    vi: 'Văn bản đã được ký và ban hành; mở văn bản theo mã trong chi tiết.',
    en: 'It is already signed and issued; open the document by the id in the details.',
  },
  'draft/signed_content_mismatch': {
    status: 422,
    vi: 'Nội dung đã ký khác với dự thảo hiện hành; hãy tải lại và ký lại.',
    en: 'What was signed differs from the current draft; reload and sign again.',
  },
  'draft/signing_form_not_allowed': {
    status: 403,
    vi: 'Chức vụ của người ký không phù hợp với hình thức ký (KT., TM., Q., TL.).',
    en: 'The signer’s position does not allow this signing form (KT., TM., Q., TL.).',
  },
  'draft/signing_form_needs_delegation': {
    status: 422,
    vi: 'Ký thừa ủy quyền (TUQ.) cần người ký đang được thủ trưởng đơn vị ủy quyền ký văn bản.',
    en: 'Signing TUQ. needs a signer to whom the unit’s head has delegated signing, now.',
  },
  'draft/signer_not_leader': {
    status: 422,
    vi: 'Người ký phải là lãnh đạo của đơn vị ban hành (hoặc văn phòng của đơn vị, khi ký thừa lệnh).',
    en: 'The signer must lead the issuing unit (or its office, to sign TL.).',
  },
  'draft/no_recipients': {
    status: 422,
    vi: 'Văn bản cần ít nhất một nơi nhận.',
    en: 'The document needs at least one recipient.',
  },
  'draft/recipient_not_found': {
    status: 422,
    vi: 'Không tìm thấy đơn vị nhận trong hệ thống.',
    en: 'A recipient unit does not exist.',
  },
  'edxml/malformed': {
    status: 400,
    vi: 'Gói edXML không đọc được (không phải XML hợp lệ theo QCVN 102:2016); xem lý do trong chi tiết.',
    en: 'The edXML package cannot be read (not well-formed QCVN 102:2016 XML); see the reason in the details.',
  },
  'edxml/missing_field': {
    status: 422,
    vi: 'Gói edXML thiếu trường bắt buộc; trường thiếu có trong chi tiết.',
    en: 'The edXML package lacks a required field; it is named in the details.',
  },
  'edxml/invalid_field': {
    status: 422,
    vi: 'Một trường của gói edXML có giá trị không hợp lệ; xem trường và giá trị trong chi tiết.',
    en: 'A field of the edXML package has an invalid value; see the field and value in the details.',
  },
  'edxml/unsigned': {
    status: 422,
    vi: 'Gói edXML không có chữ ký số; chỉ nhận gói đã được cơ quan gửi ký.',
    en: 'The edXML package is not signed; only packages signed by the sending agency are accepted.',
  },
  'edxml/signature_invalid': {
    status: 422,
    vi: 'Chữ ký số của gói edXML không hợp lệ: gói đã bị sửa sau khi ký, hoặc chữ ký không bao trùm toàn bộ gói. Không có gì được lưu.',
    en: 'The edXML package signature is not valid: the package was changed after signing, or the signature does not cover all of it. Nothing was stored.',
  },
  'edxml/untrusted': {
    status: 422,
    vi: 'Chứng thư số ký gói edXML không thuộc cơ quan được tin cậy hoặc đã hết hạn; quản trị viên thêm chứng thư vào EDXML_TRUSTED_CERTS.',
    en: 'The certificate that signed the edXML package is not trusted or not valid now; an administrator adds it to EDXML_TRUSTED_CERTS.',
  },
  'edxml/not_addressed': {
    status: 422,
    vi: 'Gói edXML không gửi đến đơn vị này (mã định danh của đơn vị không có trong nơi nhận).',
    en: 'The edXML package is not addressed to this unit (its OrganId is not among the recipients).',
  },
  'edxml/unsupported_business': {
    status: 422,
    vi: 'Chưa hỗ trợ gói edXML thu hồi, cập nhật hoặc thay thế; chỉ nhận văn bản mới (BussinessDocType 0).',
    en: 'Recall, update and replace packages are not supported yet; only new documents (BussinessDocType 0).',
  },
  'edxml/already_received': {
    status: 409,
    vi: 'Văn bản này đã được nhận qua edXML vào sổ của đơn vị; mở văn bản theo mã trong chi tiết.',
    en: 'This document was already received by edXML into the unit’s register; open it by the id in the details.',
  },
  'edxml/not_exportable': {
    status: 422,
    vi: 'Chỉ xuất edXML được văn bản đi đã ban hành, không mật và còn hiệu lực.',
    en: 'Only issued, non-secret outgoing documents that were not recalled can be exported as edXML.',
  },
  'edxml/no_outside_recipients': {
    status: 422,
    vi: 'Văn bản không có nơi nhận ngoài hệ thống (theo mã định danh cơ quan) để gửi edXML.',
    en: 'The document has no recipient outside the deployment (by OrganId) to send edXML to.',
  },
  'edxml/not_received': {
    status: 422,
    vi: 'Văn bản này không đến qua edXML nên không có cơ quan gửi để báo trạng thái.',
    en: 'This document did not arrive by edXML, so there is no sender to report a status to.',
  },
  'edxml/not_a_recipient': {
    status: 422,
    vi: 'Cơ quan gửi trạng thái không có trong nơi nhận của văn bản.',
    en: 'The agency sending the status is not among the document’s recipients.',
  },
  'document/not_found': { status: 404, vi: 'Không tìm thấy văn bản.', en: 'Document not found.' },
  'document/duplicate': {
    status: 409,
    vi: 'Văn bản có cùng số, ký hiệu và cơ quan ban hành đã được vào sổ; kiểm tra lại, hoặc xác nhận vẫn vào sổ.',
    en: 'A document with the same number, symbol and issuer is already registered; check it, or confirm to register anyway.',
  },
  'document/unit_required': {
    status: 400,
    vi: 'Bạn giữ sổ văn bản của nhiều đơn vị; hãy chọn đơn vị.',
    en: 'You keep the registers of several units; choose one.',
  },
  'document/task_not_of_unit': {
    status: 422,
    vi: 'Văn bản đi chỉ trả lời nhiệm vụ do đơn vị mình chủ trì hoặc giao.',
    en: 'An outgoing document can only answer tasks led or assigned by its unit.',
  },
  'document/not_routable': {
    status: 409,
    vi: 'Văn bản này không thể trình nữa (không phải văn bản đến, hoặc đã có bút phê).',
    en: 'This document can no longer be routed (not incoming, or already annotated).',
  },
  'document/recalled': {
    status: 409,
    vi: 'Văn bản đã bị thu hồi; không xử lý tiếp được.',
    en: 'The document was recalled; it cannot be handled further.',
  },
  'document/delivery_not_found': {
    status: 404,
    vi: 'Không tìm thấy văn bản đến này trong hộp thư của đơn vị.',
    en: 'This arrival is not in your unit’s inbox.',
  },
  'document/delivery_decided': {
    status: 409,
    vi: 'Văn bản đến này đã được tiếp nhận hoặc từ chối.',
    en: 'This arrival was already accepted or refused.',
  },
  'document/recall_not_allowed': {
    status: 403,
    vi: 'Chỉ người ký hoặc lãnh đạo đơn vị ban hành được thu hồi văn bản.',
    en: 'Only the signer or a leader of the issuing unit may recall it.',
  },
  'document/not_recallable': {
    status: 409,
    vi: 'Chỉ thu hồi được văn bản đi đã ký số trên hệ thống.',
    en: 'Only an outgoing document signed in Liên Thông can be recalled.',
  },
  'document/not_signed': {
    status: 404,
    vi: 'Văn bản này không được ký số trên hệ thống.',
    en: 'This document was not signed in Liên Thông.',
  },
  'document/not_urgeable': {
    status: 409,
    vi: 'Chỉ đôn đốc được văn bản đến đang chờ lãnh đạo cho ý kiến.',
    en: 'Only an incoming document waiting with a leader for annotation can be urged.',
  },
  'document/urge_own': {
    status: 403,
    vi: 'Văn bản đang chờ chính đồng chí cho ý kiến; không tự đôn đốc mình.',
    en: 'The document waits with you; you cannot urge yourself.',
  },
  'document/urge_too_soon': {
    status: 429,
    vi: 'Văn bản vừa được đôn đốc; hãy chờ một lúc rồi đôn đốc lại.',
    en: 'This document was urged a moment ago; wait a little before urging it again.',
  },
  'document/route_not_leader': {
    status: 422,
    vi: 'Chỉ trình văn bản cho lãnh đạo của đơn vị hoặc của cấp trên.',
    en: 'Documents are routed to a leader of the unit or of a unit above it.',
  },
  'document/idempotency_conflict': {
    status: 409,
    vi: 'Khóa chống gửi lặp đã được dùng cho một văn bản khác.',
    en: 'This idempotency key was already used for a different document.',
  },
  'annotation/subject_not_found': {
    status: 404,
    vi: 'Không tìm thấy văn bản, chỉ thị, nhiệm vụ hoặc báo cáo cần bút phê.',
    en: 'The document, directive, task or report to annotate was not found.',
  },
  'annotation/not_allowed': {
    status: 403,
    vi: 'Bạn không có quyền bút phê nội dung này.',
    en: 'You may not annotate this.',
  },
  'annotation/not_found': { status: 404, vi: 'Không tìm thấy bút phê.', en: 'Annotation not found.' },
  'annotation/subject_mismatch': {
    status: 400,
    vi: 'Nội dung ký không khớp với đối tượng bút phê.',
    en: 'The signed content names a different subject.',
  },
  'annotation/idempotency_conflict': {
    status: 409,
    vi: 'Khóa chống gửi lặp đã được dùng cho một bút phê khác.',
    en: 'This idempotency key was already used for a different annotation.',
  },
  'delegation/idempotency_conflict': {
    status: 409,
    vi: 'Khóa chống gửi lặp đã được dùng cho một ủy quyền khác.',
    en: 'This idempotency key was already used for a different delegation.',
  },
  'delegation/not_found': { status: 404, vi: 'Không tìm thấy ủy quyền.', en: 'Delegation not found.' },
  'delegation/position_not_yours': {
    status: 403,
    vi: 'Chỉ người giữ chức vụ mới được ủy quyền các quyền của chức vụ đó.',
    en: 'Only the holder of a position may delegate its powers.',
  },
  'delegation/not_redelegable': {
    status: 403,
    vi: 'Quyền được ủy quyền không được ủy quyền lại cho người khác.',
    en: 'A delegated power cannot be delegated again.',
  },
  'delegation/power_not_held': {
    status: 422,
    vi: 'Chức vụ này không có quyền được ủy quyền; chỉ ủy quyền những việc mình có quyền làm.',
    en: 'This position does not hold that power; one delegates only what one may do.',
  },
  'delegation/powers_required': {
    status: 400,
    vi: 'Ủy quyền (TUQ.) cần nêu rõ các quyền được ủy quyền.',
    en: 'A TUQ. delegation names the powers it gives.',
  },
  'delegation/acting_needs_deputy': {
    status: 422,
    vi: 'Quyền thủ trưởng (Q.) chỉ giao cho cấp phó của chính đơn vị, do thủ trưởng giao.',
    en: 'Acting head (Q.) is given by the head to a deputy of the same unit.',
  },
  'delegation/self': {
    status: 422,
    vi: 'Không thể tự ủy quyền cho chính mình.',
    en: 'One cannot delegate to oneself.',
  },
  'delegation/delegate_outside_reach': {
    status: 422,
    vi: 'Người được ủy quyền phải là cán bộ đang công tác trong đơn vị hoặc đơn vị trực thuộc.',
    en: 'The delegate must hold a position in the unit or a unit under it.',
  },
  'delegation/unit_outside_reach': {
    status: 403,
    vi: 'Phạm vi ủy quyền phải nằm trong đơn vị mình phụ trách.',
    en: 'The delegation’s unit must lie inside the delegator’s reach.',
  },
  'delegation/period_invalid': {
    status: 422,
    vi: 'Thời hạn ủy quyền không hợp lệ: kết thúc phải sau bắt đầu, sau hiện tại, và không quá một năm.',
    en: 'Invalid period: the end must follow the start and now, within a year.',
  },
  'delegation/overlap': {
    status: 409,
    vi: 'Trong thời gian này đã có người giữ quyền thủ trưởng (Q.) của chức vụ này.',
    en: 'Someone already acts as head (Q.) for this position during that time.',
  },
  'delegation/already_ended': {
    status: 409,
    vi: 'Ủy quyền đã hết hạn hoặc đã bị thu hồi.',
    en: 'The delegation has ended or was revoked already.',
  },
  'delegation/not_revoker': {
    status: 403,
    vi: 'Chỉ người ủy quyền (hoặc quản trị đơn vị) được thu hồi ủy quyền.',
    en: 'Only the delegator (or an admin over the unit) may revoke a delegation.',
  },
  'delegation/not_running': {
    status: 403,
    vi: 'Ủy quyền này không còn hiệu lực (đã hết hạn, bị thu hồi hoặc chưa bắt đầu).',
    en: 'That delegation is not in force (ended, revoked or not started).',
  },
  'schedule/not_found': { status: 404, vi: 'Không tìm thấy lịch công tác.', en: 'Work schedule not found.' },
  'schedule/week_invalid': {
    status: 400,
    vi: 'Tuần không tồn tại (năm này không có tuần 53).',
    en: 'No such week (this year has no week 53).',
  },
  'schedule/week_taken': {
    status: 409,
    vi: 'Đơn vị đã có lịch công tác cho tuần này; mỗi đơn vị một lịch mỗi tuần.',
    en: 'This unit already has a work schedule for that week; one per unit and week.',
  },
  'schedule/not_drafter': {
    status: 403,
    vi: 'Chỉ văn thư của đơn vị, của văn phòng trực thuộc, hoặc lãnh đạo đơn vị được soạn lịch công tác.',
    en: "Only the unit's clerks, those of the office under it, or its leaders may edit the work schedule.",
  },
  'schedule/not_head': {
    status: 403,
    vi: 'Chỉ thủ trưởng đơn vị được duyệt và ban hành lịch công tác.',
    en: "Only the unit's head may approve and publish its work schedule.",
  },
  'schedule/already_published': {
    status: 409,
    vi: 'Lịch công tác đã được ban hành; chỉnh sửa sẽ được đánh dấu và thông báo.',
    en: 'The work schedule is already published; edits are marked and announced.',
  },
  'schedule/empty': {
    status: 422,
    vi: 'Lịch công tác chưa có nội dung nào để ban hành.',
    en: 'The work schedule has no engagement to publish.',
  },
  'schedule/entry_not_found': {
    status: 422,
    vi: 'Nội dung lịch này không có (hoặc đã hủy) trong lịch công tác.',
    en: 'No such engagement (or it was cancelled) in this work schedule.',
  },
  'schedule/entry_twice': {
    status: 422,
    vi: 'Một nội dung lịch được gửi hai lần.',
    en: 'An engagement was sent twice.',
  },
  'schedule/entry_outside_week': {
    status: 422,
    vi: 'Thời gian bắt đầu phải nằm trong tuần của lịch công tác (giờ Việt Nam).',
    en: "The start must fall within the schedule's week (Vietnam time).",
  },
  'schedule/entry_ends_before_start': {
    status: 422,
    vi: 'Thời gian kết thúc phải sau thời gian bắt đầu.',
    en: 'The end must be after the start.',
  },
  'schedule/attendee_not_leader': {
    status: 422,
    vi: 'Người chủ trì, dự họp phải là lãnh đạo của đơn vị.',
    en: 'Attending leaders must hold a leader or deputy position in the unit.',
  },
  'schedule/briefing_of_other_unit': {
    status: 422,
    vi: 'Chỉ liên kết được với cuộc giao ban của chính đơn vị.',
    en: "Only a briefing of the schedule's own unit may be linked.",
  },
  'briefing/not_found': {
    status: 404,
    vi: 'Không tìm thấy cuộc giao ban.',
    en: 'Briefing not found.',
  },
  'briefing/week_taken': {
    status: 409,
    vi: 'Đơn vị đã mở giao ban cho tuần này; mỗi đơn vị chỉ một cuộc giao ban mỗi tuần.',
    en: 'This unit already has a briefing for that week; a unit holds one briefing a week.',
  },
  'briefing/cutoff_in_past': {
    status: 422,
    vi: 'Hạn nộp báo cáo phải sau thời điểm hiện tại.',
    en: 'The report cut-off must be in the future.',
  },
  'briefing/cutoff_after_meeting': {
    status: 422,
    vi: 'Hạn nộp báo cáo không được sau thời gian họp giao ban.',
    en: 'The report cut-off must not be after the meeting.',
  },
  'briefing/reporter_outside_unit': {
    status: 422,
    vi: 'Đơn vị báo cáo phải là đơn vị trực thuộc đang hoạt động; cá nhân báo cáo phải giữ chức vụ tại đơn vị giao ban.',
    en: 'Reporting units must be active direct subordinate units, and reporting people must hold a position in the briefing unit.',
  },
  'briefing/no_reporters': {
    status: 422,
    vi: 'Cuộc giao ban cần ít nhất một đơn vị hoặc cá nhân báo cáo.',
    en: 'A briefing needs at least one reporting unit or person.',
  },
  'briefing/not_reporter': {
    status: 403,
    vi: 'Chỉ đơn vị, cá nhân được phân công báo cáo mới được nộp báo cáo này.',
    en: 'Only the expected reporter may submit this report.',
  },
  'briefing/reporter_not_found': {
    status: 404,
    vi: 'Không có đơn vị, cá nhân báo cáo này trong cuộc giao ban.',
    en: 'No such reporter in this briefing.',
  },
  'briefing/not_unit_leader': {
    status: 403,
    vi: 'Chỉ lãnh đạo đơn vị chủ trì giao ban mới được cho ý kiến, giao việc hoặc kết thúc giao ban.',
    en: 'Only the leaders of the briefing unit may comment, assign tasks or close the briefing.',
  },
  'briefing/closed': {
    status: 409,
    vi: 'Cuộc giao ban đã kết thúc; nội dung chỉ còn để xem.',
    en: 'The briefing is closed; it is read-only.',
  },
  'briefing/item_not_found': {
    status: 404,
    vi: 'Không tìm thấy nội dung báo cáo.',
    en: 'Report item not found.',
  },
  'briefing/item_locked': {
    status: 409,
    vi: 'Nội dung đã có ý kiến chỉ đạo hoặc đã được giao việc nên không thể sửa hay xóa.',
    en: 'This item has comments or a task, so it can no longer be changed or removed.',
  },
  'briefing/item_has_task': {
    status: 409,
    vi: 'Nội dung này đã được giao thành nhiệm vụ.',
    en: 'This item has already been turned into a task.',
  },
  'briefing/source_mismatch': {
    status: 422,
    vi: 'Nội dung ký phải ghi nguồn giao việc là đúng nội dung giao ban này.',
    en: 'The signed assignment must name this briefing item as its source.',
  },
  'briefing/idempotency_conflict': {
    status: 409,
    vi: 'Khóa chống gửi lặp đã được dùng cho một yêu cầu khác.',
    en: 'This idempotency key was already used for a different request.',
  },
  'report/invalid_period': {
    status: 400,
    vi: 'Kỳ báo cáo không hợp lệ: tháng bắt đầu phải không sau tháng kết thúc, và kỳ dài tối đa 120 tháng.',
    en: 'Invalid report period: the first month must not be after the last, and a period spans at most 120 months.',
  },
  'realtime/unknown_event': { status: 400, vi: 'Sự kiện không được hỗ trợ.', en: 'Unknown event.' },
  'realtime/rate_limited': {
    status: 429,
    vi: 'Gửi quá nhiều yêu cầu; hãy chậm lại.',
    en: 'Too many events; slow down.',
  },
  'ranking/invalid_rules': {
    status: 400,
    vi: 'Quy định xếp loại không hợp lệ: mỗi mức xếp loại chỉ một lần, từ cao xuống thấp, mức cuối cùng không kèm điều kiện.',
    en: 'The ranking rules are invalid: each grade once, best to worst, and the last one without conditions.',
  },
  'ranking/month_not_ended': {
    status: 422,
    vi: 'Tháng này chưa kết thúc nên chưa thể chốt kết quả xếp loại.',
    en: 'This month has not ended yet, so its ranking cannot be closed.',
  },
  'ranking/month_in_future': {
    status: 422,
    vi: 'Tháng được chọn chưa bắt đầu.',
    en: 'That month has not begun.',
  },
  'ranking/month_already_computed': {
    status: 409,
    vi: 'Kết quả xếp loại của tháng này đã được chốt và không tính lại.',
    en: 'The ranking of this month is already stored and is never recomputed.',
  },
  'ranking/month_not_computed': {
    status: 404,
    vi: 'Chưa có kết quả xếp loại của tháng này.',
    en: 'The ranking of this month has not been computed.',
  },
  'discipline/acting_for_mismatch': {
    status: 422,
    vi: 'Nội dung ký không ghi đúng tư cách quyết định: quyết định thừa ủy quyền phải ghi ủy quyền đang dùng (actingFor); quyết định với chức vụ của mình thì không ghi.',
    en: 'The signed content does not state the capacity of the decision: decided by delegation it names the delegation used (actingFor); in one’s own right it names none.',
  },
  'discipline/case_not_decided': {
    status: 404,
    vi: 'Hồ sơ xử lý trễ hạn này chưa có quyết định.',
    en: 'This discipline case has not been decided yet.',
  },
  'discipline/case_not_found': {
    status: 404,
    vi: 'Không tìm thấy hồ sơ xem xét trễ hạn.',
    en: 'Discipline case not found.',
  },
  'discipline/not_reviewer': {
    status: 403,
    vi: 'Chỉ thủ trưởng đơn vị xem xét mới được quyết định hình thức xử lý.',
    en: 'Only the head of the reviewing unit may decide this case.',
  },
  'discipline/already_decided': {
    status: 409,
    vi: 'Hồ sơ đã có quyết định xử lý; không quyết định lại.',
    en: 'This case has already been decided; it cannot be decided again.',
  },
  'discipline/explanation_not_filed': {
    status: 409,
    vi: 'Cán bộ chưa nộp giải trình cho lần trễ hạn này nên chưa thể chấp nhận giải trình.',
    en: 'No explanation has been filed for this lateness yet, so it cannot be accepted.',
  },
  'chat/channel_not_found': {
    status: 404,
    vi: 'Không tìm thấy kênh trao đổi, hoặc bạn không thuộc kênh này.',
    en: 'Channel not found, or you are not in it.',
  },
  'chat/message_not_found': { status: 404, vi: 'Không tìm thấy tin nhắn.', en: 'Message not found.' },
  'chat/empty_message': {
    status: 400,
    vi: 'Tin nhắn cần có nội dung hoặc tệp đính kèm.',
    en: 'A message needs text or an attachment.',
  },
  'chat/mention_outside_channel': {
    status: 422,
    vi: 'Có người được nhắc tên không xem được kênh này; bỏ tên họ khỏi tin nhắn.',
    en: 'Someone you mentioned cannot read this channel; remove them from the message.',
  },
  'chat/direct_self': {
    status: 400,
    vi: 'Không thể nhắn tin riêng cho chính mình.',
    en: 'You cannot open a direct channel with yourself.',
  },
  'chat/person_not_found': {
    status: 404,
    vi: 'Không tìm thấy người nhận, hoặc tài khoản đã bị khóa.',
    en: 'No such person, or their account is disabled.',
  },
  'chat/not_author': {
    status: 403,
    vi: 'Chỉ người gửi mới được sửa hoặc xóa tin nhắn.',
    en: 'Only the author may edit or delete a message.',
  },
  'chat/edit_window_closed': {
    status: 409,
    vi: 'Đã quá thời hạn được sửa hoặc xóa tin nhắn này.',
    en: 'The time to edit or delete this message has passed.',
  },
  'chat/message_deleted': {
    status: 409,
    vi: 'Tin nhắn đã bị xóa.',
    en: 'This message has been deleted.',
  },
  'chat/announcement_fixed': {
    status: 409,
    vi: 'Thông báo đã gửi không sửa hay xóa được; hãy thu hồi thông báo nếu cần.',
    en: 'A sent announcement cannot be edited or deleted; recall its directive instead.',
  },
  'chat/announcement_not_allowed': {
    status: 403,
    vi: 'Chỉ lãnh đạo đơn vị được đăng thông báo yêu cầu xác nhận trên kênh của đơn vị.',
    en: "Only the unit's leaders may post announcements that need acknowledgement in its channel.",
  },
  'chat/follow_threads_only': {
    status: 422,
    vi: 'Chỉ theo dõi hoặc bỏ theo dõi được luồng trao đổi; kênh đơn vị và tin nhắn riêng luôn nhận tin.',
    en: 'Only threads can be followed or unfollowed; unit and direct channels always deliver.',
  },
  'chat/idempotency_conflict': {
    status: 409,
    vi: 'Mã gửi lại (Idempotency-Key) đã dùng cho một tin nhắn khác.',
    en: 'This Idempotency-Key was already used for a different message.',
  },
  'search/query_invalid': {
    status: 400,
    vi: 'Từ khóa tìm kiếm cần từ 2 đến 200 ký tự.',
    en: 'The search text must be 2 to 200 characters.',
  },
  'service/unavailable': {
    status: 503,
    vi: 'Hệ thống tạm thời chưa sẵn sàng; vui lòng thử lại sau ít giây.',
    en: 'The service is not ready for the moment; please try again in a few seconds.',
  },
  'service/database_unavailable': {
    status: 503,
    vi: 'Hệ thống tạm thời không kết nối được cơ sở dữ liệu; vui lòng thử lại sau ít giây.',
    en: 'The database is unreachable for the moment; please try again in a few seconds.',
  },
  'internal/error': {
    status: 500,
    vi: 'Lỗi hệ thống; vui lòng thử lại sau.',
    en: 'Internal error; please try again later.',
  },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
