"""Vietnamese texts for login lockouts (django-axes), the lockouts page and the public sign-up's limit."""

VI = {
    # the lockout page (429) of a login
    "Too many wrong passwords": "Đăng nhập sai quá nhiều lần",
    ("The password was wrong %(limit)s time in a row.", "The password was wrong %(limit)s times in a row."):
        ["Mật khẩu đã bị nhập sai %(limit)s lần liên tiếp."],
    "To protect the account, logging in with this username from this device is paused for %(minutes)s minutes.":
        "Để bảo vệ tài khoản, việc đăng nhập bằng tên đăng nhập này từ thiết bị này được tạm dừng trong "
        "%(minutes)s phút.",
    "Try again after <strong>%(time)s</strong> on %(date)s.":
        "Vui lòng thử lại sau <strong>%(time)s</strong> ngày %(date)s.",
    "If you have forgotten your password, ask the Youth Union officer who manages your account to set a new "
    "one. An administrator can also lift the pause.":
        "Nếu bạn quên mật khẩu, hãy nhờ cán bộ Đoàn quản lý tài khoản của bạn đặt mật khẩu mới. Quản trị viên "
        "cũng có thể mở khóa sớm.",
    "Back to the login page": "Quay lại trang đăng nhập",
    # the province admin's page of lockouts
    "Login lockouts": "Tài khoản bị tạm khóa đăng nhập",
    "A username is paused on one device (address) after %(limit)s wrong passwords in a row, for %(minutes)s "
    "minutes after the last one. Lift a pause only when you know it is the account's owner.":
        "Một tên đăng nhập bị tạm khóa trên một thiết bị (địa chỉ mạng) sau %(limit)s lần nhập sai mật khẩu "
        "liên tiếp, trong %(minutes)s phút kể từ lần sai cuối. Chỉ mở khóa khi bạn biết chắc đó là chủ tài khoản.",
    "Network address": "Địa chỉ mạng",
    "Wrong passwords": "Số lần sai mật khẩu",
    "Locked since": "Khóa từ",
    "Locked until": "Khóa đến",
    "Unlock": "Mở khóa",
    "Let %(username)s log in again from %(address)s now?":
        "Cho phép %(username)s đăng nhập lại từ %(address)s ngay bây giờ?",
    "Yes, unlock": "Đồng ý mở khóa",
    "No username is locked out now.": "Hiện không có tên đăng nhập nào bị tạm khóa.",
    "The lockout of %(username)s at %(address)s is lifted.":
        "Đã mở khóa đăng nhập cho %(username)s tại %(address)s.",
    "This lockout has already ended.": "Lượt tạm khóa này đã kết thúc.",
    # the public sign-up to a class, refused (429)
    "Too many sign-ups from this connection": "Quá nhiều lượt đăng ký từ cùng một kết nối",
    ("Many people have just signed up from the same phone or network, so this sign-up was not saved. Please "
     "try again in %(minutes)s minute.",
     "Many people have just signed up from the same phone or network, so this sign-up was not saved. Please "
     "try again in %(minutes)s minutes."):
        ["Có quá nhiều lượt đăng ký từ cùng một điện thoại hoặc mạng trong thời gian ngắn, nên lượt đăng ký này "
         "chưa được lưu. Vui lòng thử lại sau %(minutes)s phút."],
    "You can also ask the Youth Union officer running the class to add you, or simply come on the day: seats "
    "left free go to people at the door.":
        "Bạn cũng có thể nhờ cán bộ Đoàn phụ trách lớp ghi tên giúp, hoặc cứ đến lớp đúng ngày: chỗ còn trống "
        "sẽ dành cho người đến trực tiếp.",
}
