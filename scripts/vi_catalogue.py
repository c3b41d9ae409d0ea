"""Fill tienphong/locale/vi/LC_MESSAGES/django.po from the table below, then compile.

Run `make messages` first (it extracts new msgids), then this script; it reports every msgid
that still lacks a Vietnamese text, so a missing translation is seen, not shipped.
Needs polib (`pip install polib`), a tool for maintainers only.
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "tienphong/locale/vi/LC_MESSAGES/django.po"

VI = {
    "Accounts": "Tài khoản",
    "full name": "họ và tên",
    "user": "người dùng",
    "users": "người dùng",
    "Province administrator": "Quản trị Tỉnh Đoàn",
    "Commune union secretary": "Bí thư Đoàn xã/phường",
    "Team leader": "Tổ trưởng / Đội trưởng",
    "Volunteer": "Tình nguyện viên",
    "unit": "đơn vị",
    "role": "vai trò",
    "role assignment": "phân quyền",
    "role assignments": "phân quyền",
    "Log in": "Đăng nhập",
    "For Youth Union officers and volunteers. Citizens do not need an account.":
        "Dành cho cán bộ Đoàn và tình nguyện viên. Người dân không cần tài khoản.",
    "Username": "Tên đăng nhập",
    "Password": "Mật khẩu",
    "Password changed": "Đã đổi mật khẩu",
    "Your password was changed.": "Mật khẩu của bạn đã được đổi.",
    "Home": "Trang chủ",
    "Change password": "Đổi mật khẩu",
    "Shared foundations": "Nền tảng dùng chung",
    "Core": "Hạt nhân",
    "unit path": "đường dẫn đơn vị",
    "audit entry": "bản ghi nhật ký",
    "audit entries": "nhật ký thay đổi",
    "Tiên Phong": "Tiên Phong",
    "Main menu": "Menu chính",
    "Units": "Đơn vị",
    "Members": "Đoàn viên",
    "Teams": "Tổ, đội",
    "Audit trail": "Nhật ký thay đổi",
    "Log out": "Đăng xuất",
    "Ho Chi Minh Communist Youth Union": "Đoàn TNCS Hồ Chí Minh",
    "Tiên Phong — youth leading digital transformation": "Tiên Phong — tuổi trẻ tiên phong chuyển đổi số",
    "Every create, update and delete in your units: who, when, what changed.":
        "Mọi lần thêm, sửa, xóa trong đơn vị của bạn: ai, khi nào, thay đổi gì.",
    "Record type": "Loại bản ghi",
    "All records": "Mọi bản ghi",
    "Action": "Thao tác",
    "All actions": "Mọi thao tác",
    "Filter": "Lọc",
    "When": "Thời điểm",
    "Who": "Người thực hiện",
    "Record": "Bản ghi",
    "Changes": "Thay đổi",
    "system": "hệ thống",
    "No changes recorded.": "Chưa có thay đổi nào.",
    "Pages": "Trang",
    "Previous": "Trước",
    "Page %(n)s of %(total)s": "Trang %(n)s / %(total)s",
    "Next": "Sau",
    "Add or update many members at once from an .xlsx file. You see what will change before anything is written, and nothing is written if any row has an error.":
        "Thêm hoặc cập nhật nhiều đoàn viên cùng lúc từ tệp .xlsx. Bạn xem trước những gì sẽ thay đổi, và không có gì được ghi nếu có dòng lỗi.",
    "Import into": "Nhập vào đơn vị",
    "Every branch code in the file must be a branch of this unit. A member of this unit with the same phone number or email is updated instead of added again.":
        "Mọi mã chi đoàn trong tệp phải là chi đoàn của đơn vị này. Đoàn viên của đơn vị có cùng số điện thoại hoặc email sẽ được cập nhật thay vì thêm lần nữa.",
    "Excel file (.xlsx)": "Tệp Excel (.xlsx)",
    "At most %(size)s and %(rows)s rows. Use the template, or a file exported from the member list.":
        "Tối đa %(size)s và %(rows)s dòng. Dùng tệp mẫu, hoặc tệp xuất từ danh sách đoàn viên.",
    "Check the file": "Kiểm tra tệp",
    "Download the template": "Tải tệp mẫu",
    "Columns of the file": "Các cột của tệp",
    "The first row holds these headers, in any order; each following row is one member. The template explains them again in its sheet “Hướng dẫn” and lists the branch codes in its sheet “Mã chi đoàn”.":
        "Dòng đầu ghi tên các cột này, theo thứ tự bất kỳ; mỗi dòng sau là một đoàn viên. Tệp mẫu giải thích lại trong trang tính “Hướng dẫn” và liệt kê mã chi đoàn trong trang tính “Mã chi đoàn”.",
    "Check the import": "Kiểm tra trước khi nhập",
    "The first 1,000 errors are listed below; the command line import lists them all.":
        "Dưới đây là 1.000 lỗi đầu tiên; lệnh nhập trên máy chủ liệt kê đầy đủ.",
    "Row": "Dòng",
    "Problem": "Lỗi",
    "Upload a corrected file": "Tải lên tệp đã sửa",
    "Confirm import": "Xác nhận nhập",
    ("The first row of the file", "The first %(n)s rows of the file"): ["%(n)s dòng đầu của tệp"],
    "new": "mới",
    "Import members from Excel": "Nhập đoàn viên từ Excel",
    "required": "bắt buộc",
    "Digital skill levels": "Các mức trình độ số",
    "to create": "sẽ thêm",
    "to update": "sẽ cập nhật",
    "unchanged": "không đổi",
    "Change": "Thay đổi",
    "Core member": "Đoàn viên hạt nhân",
    "yes": "có",
    "Imported: %(created)s created, %(updated)s updated.": "Đã nhập: thêm %(created)s, cập nhật %(updated)s.",
    ("The file has %(n)s error; nothing was imported. Correct the file and upload it again.",
     "The file has %(n)s errors; nothing was imported. Correct the file and upload it again."):
        ["Tệp có %(n)s lỗi; chưa nhập gì cả. Hãy sửa tệp rồi tải lên lại."],
    "no": "không",
    "Choose the unit to import into.": "Hãy chọn đơn vị nhận dữ liệu.",
    "Choose an .xlsx file to import.": "Hãy chọn tệp .xlsx để nhập.",
    "This import is no longer waiting for confirmation. Upload the file again.":
        "Lần nhập này không còn chờ xác nhận. Hãy tải tệp lên lại.",
    "Role": "Vai trò",
    "On unit": "Tại đơn vị",
    "The role reaches this unit and everything under it.": "Vai trò có hiệu lực ở đơn vị này và mọi đơn vị trực thuộc.",
    "Letters, digits and . _ - only, e.g. tnv.hoalu.an": "Chỉ chữ không dấu, chữ số và . _ -, ví dụ tnv.hoalu.an",
    "First password": "Mật khẩu ban đầu",
    "Give it to the person; they change it after logging in.": "Đưa cho người dùng; họ tự đổi sau khi đăng nhập.",
    "Use letters without diacritics, digits and . _ - only.": "Chỉ dùng chữ không dấu, chữ số và . _ -.",
    "Unknown role.": "Vai trò không hợp lệ.",
    "You cannot give the role %(role)s on %(unit)s.": "Bạn không thể giao vai trò %(role)s tại %(unit)s.",
    "The username %(username)s is taken.": "Tên đăng nhập %(username)s đã có người dùng.",
    "You cannot take away your own role.": "Bạn không thể tự bỏ vai trò của chính mình.",
    "You cannot lock your own account.": "Bạn không thể tự khóa tài khoản của mình.",
    "locked": "đã khóa",
    "last login": "đăng nhập lần cuối",
    "Roles": "Vai trò",
    "Take away": "Bỏ vai trò",
    "No role in your units.": "Không có vai trò nào trong đơn vị của bạn.",
    "Give a role": "Giao vai trò",
    "Give role": "Giao vai trò",
    "Lock account": "Khóa tài khoản",
    "Unlock account": "Mở khóa tài khoản",
    "New account": "Tạo tài khoản",
    "Create account": "Tạo tài khoản",
    "People who can log in to your units, and their roles.": "Những người đăng nhập được vào đơn vị của bạn, và vai trò của họ.",
    "Username or name": "Tên đăng nhập hoặc họ tên",
    "Search accounts": "Tìm tài khoản",
    "Account": "Tài khoản",
    "No account matches.": "Không có tài khoản nào phù hợp.",
    "Account %(username)s created.": "Đã tạo tài khoản %(username)s.",
    "Role given.": "Đã giao vai trò.",
    "Role taken away.": "Đã bỏ vai trò.",
    "Account unlocked.": "Đã mở khóa tài khoản.",
    "Account locked.": "Đã khóa tài khoản.",
    "Page not found": "Không tìm thấy trang",
    "This page does not exist, or it belongs to a unit outside your scope.":
        "Trang này không tồn tại, hoặc thuộc đơn vị nằm ngoài phạm vi của bạn.",
    "Not allowed": "Không được phép",
    "Your account cannot do this. If the page was open for a long time, go back, reload it and try again.":
        "Tài khoản của bạn không làm được việc này. Nếu trang đã mở lâu, hãy quay lại, tải lại trang rồi thử lại.",
    "create": "thêm mới",
    "update": "sửa",
    "delete": "xóa",
    "access": "xem",
    "The leader is chosen among the team's members: add members first.":
        "Tổ trưởng/đội trưởng được chọn trong số thành viên của tổ/đội: hãy thêm thành viên trước.",
    "Commune/ward of the branch": "Xã/phường của chi đoàn",
    "Provincial Youth Union of %(name)s": "Tỉnh Đoàn %(name)s",
    "Youth Union of %(name)s": "Đoàn %(name)s",
    # members: import and export
    "The full name is required.": "Phải có họ và tên.",
    "The full name is longer than %(limit)s characters.": "Họ và tên dài quá %(limit)s ký tự.",
    "The gender is required: write Nam, Nữ or Khác.": "Phải có giới tính: ghi Nam, Nữ hoặc Khác.",
    "“%(value)s” is not a gender: write Nam, Nữ or Khác.": "“%(value)s” không phải giới tính: ghi Nam, Nữ hoặc Khác.",
    "“%(value)s” is not a date: write it as dd/mm/yyyy.": "“%(value)s” không phải ngày: ghi theo dạng dd/mm/yyyy.",
    "The date %(date)s is too far in the past.": "Ngày %(date)s quá xa trong quá khứ.",
    "The date %(date)s is in the future.": "Ngày %(date)s nằm trong tương lai.",
    "The email is too long.": "Email quá dài.",
    "The branch code is required: copy it from the sheet “%(sheet)s”.":
        "Phải có mã chi đoàn: chép từ trang tính “%(sheet)s”.",
    "“%(value)s” is not a status: write one of %(allowed)s.":
        "“%(value)s” không phải trạng thái: ghi một trong các giá trị %(allowed)s.",
    "“%(value)s” is not yes or no: write Có (or x) or Không, or leave it empty.":
        "“%(value)s” không phải có/không: ghi Có (hoặc x) hoặc Không, hoặc để trống.",
    "“%(value)s” is not a digital skill level: write a number from 1 to 4.":
        "“%(value)s” không phải trình độ số: ghi một số từ 1 đến 4.",
    "Full name, family name first, with Vietnamese diacritics.": "Họ và tên, họ trước tên sau, có dấu tiếng Việt.",
    "Text, up to 120 characters. Required.": "Chữ, tối đa 120 ký tự. Bắt buộc.",
    "Gender.": "Giới tính.",
    "Nam, Nữ or Khác (capitals and diacritics do not matter). Required.":
        "Nam, Nữ hoặc Khác (không phân biệt hoa thường, có dấu hay không). Bắt buộc.",
    "Date of birth.": "Ngày sinh.",
    "An Excel date or text written dd/mm/yyyy. May be empty.": "Ô ngày của Excel hoặc chữ dạng dd/mm/yyyy. Có thể để trống.",
    "Mobile phone number. With the email, it recognises the member on the next import.":
        "Số điện thoại di động. Cùng với email, dùng để nhận ra đoàn viên ở lần nhập sau.",
    "10 digits starting with 0 (+84 is accepted); unique in the commune. May be empty.":
        "10 chữ số, bắt đầu bằng 0 (chấp nhận +84); không trùng trong xã/phường. Có thể để trống.",
    "Email address. With the phone, it recognises the member on the next import.":
        "Địa chỉ email. Cùng với số điện thoại, dùng để nhận ra đoàn viên ở lần nhập sau.",
    "A valid email address; unique in the commune. May be empty.":
        "Địa chỉ email hợp lệ; không trùng trong xã/phường. Có thể để trống.",
    "Code of the branch (Chi đoàn) the member belongs to.": "Mã chi đoàn mà đoàn viên sinh hoạt.",
    "A branch code from the sheet “Mã chi đoàn”, inside the unit you import into. Required.":
        "Một mã trong trang tính “Mã chi đoàn”, thuộc đơn vị đang nhập. Bắt buộc.",
    "Date the member joined the Union.": "Ngày vào Đoàn.",
    "An Excel date or text written dd/mm/yyyy, not before the date of birth. May be empty.":
        "Ô ngày của Excel hoặc chữ dạng dd/mm/yyyy, không trước ngày sinh. Có thể để trống.",
    "Membership status.": "Trạng thái sinh hoạt.",
    "Đang sinh hoạt, Đã chuyển sinh hoạt, Đã trưởng thành Đoàn or Đã ra khỏi Đoàn. Empty means Đang sinh hoạt.":
        "Đang sinh hoạt, Đã chuyển sinh hoạt, Đã trưởng thành Đoàn hoặc Đã ra khỏi Đoàn. Để trống là Đang sinh hoạt.",
    "A core member (hạt nhân) others rely on for digital work.": "Đoàn viên hạt nhân, chỗ dựa của mọi người trong công việc chuyển đổi số.",
    "Có (or x) for yes; Không or empty for no.": "Có (hoặc x) là có; Không hoặc để trống là không.",
    "Digital skill level, from 1 to 4.": "Trình độ kỹ năng số, từ 1 đến 4.",
    "1, 2, 3 or 4 (see the levels below). Empty means 1.": "1, 2, 3 hoặc 4 (xem các mức bên dưới). Để trống là 1.",
    "The file is %(size)s; the largest file that can be imported is %(limit)s. Split it into several files.":
        "Tệp nặng %(size)s; tệp lớn nhất có thể nhập là %(limit)s. Hãy chia thành nhiều tệp.",
    "The file is empty.": "Tệp rỗng.",
    "This is an old Excel 97–2003 (.xls) file or a password-protected workbook. Open it in Excel, remove any password and save it as an Excel Workbook (.xlsx).":
        "Đây là tệp Excel 97–2003 (.xls) cũ hoặc sổ tính có mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu và lưu thành Excel Workbook (.xlsx).",
    "This file is not an Excel workbook (.xlsx). Download the template, fill it in and upload it again.":
        "Tệp này không phải sổ tính Excel (.xlsx). Hãy tải tệp mẫu, điền vào rồi tải lên lại.",
    "This file is damaged or is not an Excel workbook (.xlsx).": "Tệp bị hỏng hoặc không phải sổ tính Excel (.xlsx).",
    "This file is a zip archive but not an Excel workbook (.xlsx).": "Tệp này là tệp nén zip nhưng không phải sổ tính Excel (.xlsx).",
    "The workbook is too large once unpacked. Split it into several files.": "Sổ tính quá lớn khi giải nén. Hãy chia thành nhiều tệp.",
    "The column “%(header)s” is not known. The columns are: %(headers)s.": "Không nhận ra cột “%(header)s”. Các cột gồm: %(headers)s.",
    "The column “%(header)s” appears twice.": "Cột “%(header)s” xuất hiện hai lần.",
    "The column “%(header)s” is missing from the first row.": "Dòng đầu thiếu cột “%(header)s”.",
    "The first row must hold the column headers (%(headers)s); this sheet has none.":
        "Dòng đầu phải là tên các cột (%(headers)s); trang tính này không có.",
    "The file has more than %(max)s member rows. Split it into several files.":
        "Tệp có hơn %(max)s dòng đoàn viên. Hãy chia thành nhiều tệp.",
    "The date joined the Union is before the date of birth.": "Ngày vào Đoàn trước ngày sinh.",
    "The file has the column headers but no member rows.": "Tệp có tên cột nhưng không có dòng đoàn viên nào.",
    "How to fill in the sheet “%(sheet)s”": "Cách điền trang tính “%(sheet)s”",
    "Keep the first row (the column headers) exactly as it is; one member per row below it.":
        "Giữ nguyên dòng đầu (tên các cột); mỗi dòng bên dưới là một đoàn viên.",
    "Delete the example row before importing: it would be imported as a member.":
        "Xóa dòng ví dụ trước khi nhập: nếu không nó sẽ được nhập như một đoàn viên.",
    "The import writes nothing if any row has an error; every error is listed with its row and column.":
        "Nếu có bất kỳ dòng nào lỗi thì không ghi gì cả; mọi lỗi được liệt kê kèm dòng và cột.",
    "A member already in the unit with the same phone number or email is updated, not added again; a member with neither is recognised by full name and date of birth within the branch.":
        "Đoàn viên đã có trong đơn vị với cùng số điện thoại hoặc email sẽ được cập nhật, không thêm lần nữa; đoàn viên không có cả hai được nhận ra theo họ tên và ngày sinh trong chi đoàn.",
    "An exported file can be edited and imported again: it has exactly these columns.":
        "Tệp xuất ra có thể sửa rồi nhập lại: nó có đúng các cột này.",
    "Column": "Cột",
    "Meaning": "Ý nghĩa",
    "Allowed values": "Giá trị hợp lệ",
    "Example": "Ví dụ",
    "Required": "Bắt buộc",
    "Yes": "Có",
    "No": "Không",
    "Digital skill levels (column “%(header)s”)": "Các mức trình độ số (cột “%(header)s”)",
    "Status values (column “%(header)s”)": "Các trạng thái (cột “%(header)s”)",
    "Branch": "Chi đoàn",
    "Search": "Tìm",
    "All statuses": "Mọi trạng thái",
    "All genders": "Mọi giới tính",
    "Core and others": "Hạt nhân và đoàn viên khác",
    "Core members only": "Chỉ đoàn viên hạt nhân",
    "All skill levels": "Mọi trình độ số",
    "The file has %(count)s errors; nothing was imported.": "Tệp có %(count)s lỗi; chưa nhập gì cả.",
    "“%(code)s” is the code of %(name)s, which is not a branch (Chi đoàn); members belong to branches.":
        "“%(code)s” là mã của %(name)s, không phải chi đoàn; đoàn viên phải thuộc một chi đoàn.",
    "There is no branch with the code “%(code)s” in %(unit)s. See the sheet “Mã chi đoàn” for the codes.":
        "Không có chi đoàn mã “%(code)s” trong %(unit)s. Xem các mã trong trang tính “Mã chi đoàn”.",
    "The phone number %(phone)s is also on row %(other)s; each member must appear only once.":
        "Số điện thoại %(phone)s cũng có ở dòng %(other)s; mỗi đoàn viên chỉ được xuất hiện một lần.",
    "The email %(email)s is also on row %(other)s; each member must appear only once.":
        "Email %(email)s cũng có ở dòng %(other)s; mỗi đoàn viên chỉ được xuất hiện một lần.",
    "%(name)s, born on the same day, is also on row %(other)s in the same branch; give each a phone number or an email, or remove the repeated row.":
        "%(name)s, cùng ngày sinh, cũng có ở dòng %(other)s trong cùng chi đoàn; hãy ghi số điện thoại hoặc email cho mỗi người, hoặc xóa dòng lặp.",
    "The phone number %(phone)s belongs to %(first)s but the email %(email)s belongs to another member, %(second)s. Correct one of them.":
        "Số điện thoại %(phone)s là của %(first)s nhưng email %(email)s là của đoàn viên khác, %(second)s. Hãy sửa một trong hai.",
    "This row matches several members of %(unit)s (%(names)s); it cannot tell which one to update.":
        "Dòng này khớp với nhiều đoàn viên của %(unit)s (%(names)s); không biết cập nhật người nào.",
    "This row and row %(other)s both match the member %(name)s; each member must appear only once.":
        "Dòng này và dòng %(other)s cùng khớp với đoàn viên %(name)s; mỗi đoàn viên chỉ được xuất hiện một lần.",
    "Another member of this commune, %(name)s, already has the phone number %(phone)s.":
        "Một đoàn viên khác của xã/phường này, %(name)s, đã dùng số điện thoại %(phone)s.",
    "Another member of this commune, %(name)s, already has the email %(email)s.":
        "Một đoàn viên khác của xã/phường này, %(name)s, đã dùng email %(email)s.",
    "The members changed while the file was being imported; nothing was imported. Try again.":
        "Danh sách đoàn viên đã thay đổi trong lúc nhập; chưa nhập gì cả. Hãy thử lại.",
    "No unit has the code “%(code)s”.": "Không có đơn vị nào mã “%(code)s”.",
    "No user is called “%(username)s”.": "Không có người dùng nào tên “%(username)s”.",
    "Cannot open %(file)s: %(reason)s.": "Không mở được %(file)s: %(reason)s.",
    "File": "Tệp",
    "Row %(row)s, column %(column)s": "Dòng %(row)s, cột %(column)s",
    "Row %(row)s": "Dòng %(row)s",
    "%(count)s error(s) in %(file)s; nothing was imported.": "%(count)s lỗi trong %(file)s; chưa nhập gì cả.",
    "%(unit)s: %(created)s to create, %(updated)s to update, %(unchanged)s unchanged (dry run: nothing was written; checked in %(seconds)s s).":
        "%(unit)s: %(created)s sẽ thêm, %(updated)s sẽ cập nhật, %(unchanged)s không đổi (chạy thử: chưa ghi gì; kiểm tra trong %(seconds)s giây).",
    "%(unit)s: imported, %(created)s created, %(updated)s updated, %(unchanged)s unchanged (%(seconds)s s).":
        "%(unit)s: đã nhập, thêm %(created)s, cập nhật %(updated)s, %(unchanged)s không đổi (%(seconds)s giây).",
    # members
    "1 — Basic": "1 — Cơ bản",
    "2 — Confident user": "2 — Sử dụng thành thạo",
    "3 — Can guide others": "3 — Hướng dẫn được người khác",
    "4 — Trainer / specialist": "4 — Giảng dạy / chuyên sâu",
    "Uses a smartphone for calls, messages and Zalo; needs help with apps and online services.":
        "Dùng điện thoại thông minh để gọi, nhắn tin, Zalo; cần người giúp khi dùng ứng dụng và dịch vụ trực tuyến.",
    "Installs apps and uses VNeID, online public services and cashless payment for themself.":
        "Tự cài ứng dụng, tự dùng VNeID, dịch vụ công trực tuyến và thanh toán không dùng tiền mặt.",
    "Guides citizens through VNeID level 2, online public service submissions and e-payment; spots scams.":
        "Hướng dẫn người dân kích hoạt VNeID mức 2, nộp hồ sơ dịch vụ công trực tuyến, thanh toán điện tử; nhận biết lừa đảo.",
    "Teaches digital-literacy classes, trains other volunteers and solves technical problems; IT background.":
        "Đứng lớp Bình dân học vụ số, tập huấn tình nguyện viên khác, xử lý sự cố kỹ thuật; có chuyên môn CNTT.",
    "Male": "Nam",
    "Female": "Nữ",
    "Other": "Khác",
    "Active": "Đang sinh hoạt",
    "Transferred out": "Đã chuyển sinh hoạt",
    "Matured (over age)": "Đã trưởng thành Đoàn",
    "Left": "Đã ra khỏi Đoàn",
    "gender": "giới tính",
    "date of birth": "ngày sinh",
    "phone": "số điện thoại",
    "email": "email",
    "branch": "chi đoàn",
    "commune": "xã/phường",
    "date joined the Union": "ngày vào Đoàn",
    "status": "trạng thái",
    "core member": "đoàn viên hạt nhân",
    "A 'hạt nhân': a member others rely on for digital work.": "“Hạt nhân”: đoàn viên là chỗ dựa trong công việc chuyển đổi số.",
    "digital skill": "trình độ số",
    "account": "tài khoản",
    "created": "ngày tạo",
    "updated": "ngày cập nhật",
    "member": "đoàn viên",
    "members": "đoàn viên",
    "“%(phone)s” is not a valid phone number (10 digits, starting with 0).":
        "“%(phone)s” không phải số điện thoại hợp lệ (10 chữ số, bắt đầu bằng 0).",
    "“%(email)s” is not a valid email address.": "“%(email)s” không phải địa chỉ email hợp lệ.",
    "A member belongs to a branch (Chi đoàn).": "Đoàn viên phải thuộc một chi đoàn.",
    "The date joined is before the date of birth.": "Ngày vào Đoàn trước ngày sinh.",
    "Another member of this commune already has the phone %(phone)s.": "Một đoàn viên khác của xã/phường này đã dùng số điện thoại %(phone)s.",
    "Another member of this commune already has the email %(email)s.": "Một đoàn viên khác của xã/phường này đã dùng email %(email)s.",
    "Gender": "Giới tính",
    "Date of birth": "Ngày sinh",
    "Phone": "Số điện thoại",
    "Email": "Email",
    "Date joined the Union": "Ngày vào Đoàn",
    "Status": "Trạng thái",
    "Digital skill": "Trình độ số",
    "Edit": "Sửa",
    "Delete this member?": "Xóa đoàn viên này?",
    "Delete": "Xóa",
    "History": "Lịch sử thay đổi",
    "Edit member": "Sửa thông tin đoàn viên",
    "Add member": "Thêm đoàn viên",
    "Save": "Lưu",
    "Cancel": "Hủy",
    "Name, phone or email — diacritics optional": "Họ tên, số điện thoại hoặc email — gõ có dấu hay không đều được",
    "Search members": "Tìm đoàn viên",
    "Import from Excel": "Nhập từ Excel",
    "Export to Excel": "Xuất ra Excel",
    ("%(n)s member", "%(n)s members"): ["%(n)s đoàn viên"],
    "Full name": "Họ và tên",
    "Birth date": "Ngày sinh",
    "core": "hạt nhân",
    "No member matches.": "Không có đoàn viên nào phù hợp.",
    "Member %(name)s added.": "Đã thêm đoàn viên %(name)s.",
    "Changes saved.": "Đã lưu thay đổi.",
    "Member %(name)s deleted.": "Đã xóa đoàn viên %(name)s.",
    # overview
    "Overview": "Tổng quan",
    "code": "mã",
    ("%(n)s unit", "%(n)s units"): ["%(n)s đơn vị"],
    "Active members": "Đoàn viên đang sinh hoạt",
    "Core members": "Đoàn viên hạt nhân",
    "Community digital-technology teams": "Tổ công nghệ số cộng đồng",
    "Volunteer youth teams": "Đội hình thanh niên tình nguyện",
    "By commune/ward": "Theo xã/phường",
    "By unit": "Theo đơn vị",
    "Unit": "Đơn vị",
    "Digital-tech teams": "Tổ CNS cộng đồng",
    "Volunteer teams": "Đội hình TNTN",
    "Service points": "Điểm phục vụ",
    "Welcome": "Xin chào",
    "Your account has no role on any unit yet. Ask your union secretary to give you one.":
        "Tài khoản của bạn chưa được phân quyền ở đơn vị nào. Hãy nhờ Bí thư Đoàn phân quyền.",
    "Your units:": "Đơn vị của bạn:",
    "Name or code, with or without diacritics": "Tên hoặc mã, có dấu hay không đều được",
    "Search units": "Tìm đơn vị",
    "Kind": "Loại",
    "All kinds": "Mọi loại",
    "Name": "Tên",
    "Code": "Mã",
    "Parent": "Đơn vị cấp trên",
    "No unit matches.": "Không có đơn vị nào phù hợp.",
    # teams
    "Only members of the team's commune can lead it.": "Chỉ đoàn viên của xã/phường có tổ/đội mới làm tổ trưởng/đội trưởng được.",
    "Active and inactive": "Đang và ngừng hoạt động",
    "Inactive": "Ngừng hoạt động",
    "Community digital-technology team": "Tổ công nghệ số cộng đồng",
    "Volunteer youth team": "Đội hình thanh niên tình nguyện",
    "name": "tên",
    "kind": "loại",
    "service point": "điểm phục vụ",
    "leader": "tổ trưởng/đội trưởng",
    "active": "đang hoạt động",
    "team": "tổ/đội",
    "teams": "tổ/đội",
    "joined on": "ngày tham gia",
    "team membership": "thành viên tổ/đội",
    "team memberships": "thành viên tổ/đội",
    "The team name is required.": "Phải có tên tổ/đội.",
    "A team belongs to a commune or ward.": "Tổ/đội phải thuộc một xã/phường.",
    "The service point is not a service point.": "Điểm phục vụ đã chọn không phải điểm phục vụ.",
    "The leader must be a member of this commune.": "Tổ trưởng/đội trưởng phải là đoàn viên của xã/phường này.",
    "This commune already has a team of this kind with that name.": "Xã/phường này đã có tổ/đội cùng loại mang tên đó.",
    "%(name)s is not a member of this commune.": "%(name)s không phải đoàn viên của xã/phường này.",
    "Choose another leader before removing this member.": "Hãy chọn tổ trưởng/đội trưởng khác trước khi bỏ thành viên này.",
    "inactive": "ngừng hoạt động",
    "Leader": "Tổ trưởng/Đội trưởng",
    "Edit team": "Sửa tổ/đội",
    "Roster": "Danh sách thành viên",
    "Remove": "Bỏ ra",
    "No members yet.": "Chưa có thành viên.",
    "Add a member": "Thêm thành viên",
    "Find a member of this commune": "Tìm đoàn viên của xã/phường",
    "Find a member": "Tìm đoàn viên",
    "Add": "Thêm",
    "New team": "Thêm tổ/đội",
    "Team name — diacritics optional": "Tên tổ/đội — gõ có dấu hay không đều được",
    "Search teams": "Tìm tổ/đội",
    ("%(n)s team", "%(n)s teams"): ["%(n)s tổ/đội"],
    "Team": "Tổ/đội",
    "Commune": "Xã/phường",
    "No team matches.": "Không có tổ/đội nào phù hợp.",
    "Teams per commune": "Số tổ/đội theo xã/phường",
    "Team %(name)s created.": "Đã tạo %(name)s.",
    # units
    "Organisation units": "Đơn vị tổ chức",
    "Province union": "Tỉnh Đoàn",
    "Commune/ward union": "Đoàn xã/phường",
    "Grassroots union": "Đoàn cơ sở",
    "Service point": "Điểm phục vụ",
    "Province": "Tỉnh",
    "Centrally-run city": "Thành phố trực thuộc trung ương",
    "Ward": "Phường",
    "Special zone": "Đặc khu",
    "administrative type": "loại đơn vị hành chính",
    "parent": "đơn vị cấp trên",
    "path": "đường dẫn",
    "depth": "cấp",
    "The commune/ward this unit belongs to (itself for a commune).": "Xã/phường của đơn vị này (chính nó nếu là xã/phường).",
    "latitude": "vĩ độ",
    "longitude": "kinh độ",
    "organisation unit": "đơn vị tổ chức",
    "organisation units": "đơn vị tổ chức",
    "Only a province union can stand without a parent.": "Chỉ Tỉnh Đoàn mới không có đơn vị cấp trên.",
    "A %(kind)s cannot be placed under a %(parent)s.": "Không thể đặt %(kind)s dưới %(parent)s.",
    "The code %(code)s is already used.": "Mã %(code)s đã được dùng.",
}


def load_tables() -> dict:
    """VI above plus one table per feature in scripts/vi/<app>.py, so parallel work does not collide."""
    table = dict(VI)
    for path in sorted((Path(__file__).resolve().parent / "vi").glob("*.py")):
        namespace: dict = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
        table.update(namespace.get("VI", {}))
    return table


def main() -> int:
    po = polib.pofile(str(PO))
    table = load_tables()
    missing = []
    for entry in po:
        key = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid
        text = table.get(key)
        if text is None:
            # msgmerge's guesses are marked fuzzy (and often wrong): they count as missing.
            if "fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())):
                missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text[0]}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "vi"
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    for m in missing:
        print("missing:", m)
    print(f"{len(po) - len(missing)}/{len(po)} translated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
