"""The appointment check-in's texts (the kiosk's, the ticket's and the counter's mark)."""

from __future__ import annotations

from shared.i18n import Text

I_HAVE_ONE = Text("我有預約", "I have an appointment")
TITLE = Text("預約報到", "Appointment check-in")
BY_CODE = Text("預約代碼", "Booking code")
BY_PHONE = Text("手機末 4 碼", "Phone's last 4 digits")
TYPE_CODE = Text("請輸入 6 位數預約代碼", "Type your 6-digit booking code")
TYPE_PHONE = Text("請輸入預約時留下的手機號碼末 4 碼", "Type the last 4 digits of the phone you booked with")
CLEAR = Text("清除", "Clear")
OK = Text("報到", "Check in")
CHECKING = Text("正在報到…", "Checking you in…")

# What the check-in answered, said plainly; the citizen can try again or go back.
UNKNOWN_CODE = Text("查無此預約代碼，請再核對一次", "No booking has this code; please check it and try again")
UNKNOWN_PHONE = Text("今天沒有以此手機末 4 碼的預約", "No booking today with these phone digits")
SEVERAL = Text("有多筆預約使用此手機末 4 碼，請改輸入預約代碼",
               "Several bookings have these phone digits; please type your booking code")
USED = Text("此預約已報到過，號碼牌已取", "This booking is already checked in and its ticket issued")
CANCELLED = Text("此預約已取消", "This booking was cancelled")
OTHER_DAY = Text("此預約不是今天的，請確認預約日期", "This booking is not for today; please check its date")
LATE_CLOSED = Text("您已超過預約時間，本時段僅受理預約，請重新預約",
                   "You are past your booked time and this session is by appointment only; please book again")
CANNOT = Text("無法報到，請洽服務台", "Cannot check in; please ask at the service desk")
ASK_DESK = Text("如需協助，請洽服務台", "For help, please ask at the service desk")

# The confirmation.
BOOKED_FOR = Text("預約 {slot}・{service}", "Appointment {slot} · {service}")
CALLED_FROM = Text("{slot} 起優先叫號", "Called first from {slot}")

# The counter's mark for a citizen who booked.
MARK = Text("預約 {slot}{note}", "Booked {slot}")
